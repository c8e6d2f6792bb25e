package scoring

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// ParseRuleset decodes a ruleset document. Unlike json.Unmarshal it reports
// every unknown key and wrongly typed value, each at its JSON Pointer, so an
// admin sees all mistakes at once. It returns a *CompileError when the
// document's shape is wrong; Compile then checks the meaning.
func ParseRuleset(data []byte) (Ruleset, error) {
	var rs Ruleset
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return rs, &CompileError{Problems: []Problem{{Message: "is not valid JSON: " + err.Error()}}}
	}
	if _, err := dec.Token(); err != io.EOF {
		return rs, &CompileError{Problems: []Problem{{Message: msgTrailing}}}
	}
	var s shape
	s.ruleset(doc)
	if len(s.problems) > 0 {
		sort.SliceStable(s.problems, func(i, j int) bool { return pointerLess(s.problems[i].Path, s.problems[j].Path) })
		return rs, &CompileError{Problems: s.problems}
	}
	if err := json.Unmarshal(data, &rs); err != nil {
		// The shape check above should make this unreachable; if the two
		// ever disagree the admin still gets an answer, not a crash.
		return rs, &CompileError{Problems: []Problem{{Message: fmt.Sprintf("decode ruleset: %v", err)}}}
	}
	return rs, nil
}

// shape walks a generically decoded document and collects problems.
type shape struct{ problems []Problem }

func (s *shape) add(path, msg string) {
	s.problems = append(s.problems, Problem{Path: path, Message: msg})
}

type fieldKind int

const (
	kString fieldKind = iota
	kInt
	kFormula
	kStrings
	kObject
	kObjects
	kNumber
	kBool
	kLabels    // an object of language code -> text
	kLabelsMap // an object of id -> labels
)

func (s *shape) ruleset(doc any) {
	obj := s.object("", doc, map[string]fieldKind{
		"timezone": kString, "categories": kStrings, "point_rules": kObjects, "levels": kObjects, "boards": kObjects,
		"counters": kObjects, "badges": kObjects, "streaks": kObjects, "challenges": kObjects, "team_goals": kObjects,
		"seasons": kObjects, "category_labels": kLabelsMap, "kudos": kObject, "leagues": kObject,
	})
	if obj == nil {
		return
	}
	s.each("/point_rules", obj["point_rules"], func(path string, v any) {
		r := s.object(path, v, map[string]fieldKind{
			"id": kString, "name": kString, "labels": kLabels, "on": kString, "when": kString, "points": kFormula, "coins": kFormula, "category": kString, "cap": kObject,
		})
		if r != nil {
			s.nested(path+"/cap", r["cap"], map[string]fieldKind{"period": kString, "max": kInt})
		}
	})
	s.each("/levels", obj["levels"], func(path string, v any) {
		s.object(path, v, map[string]fieldKind{"name": kString, "labels": kLabels, "xp": kInt})
	})
	s.each("/boards", obj["boards"], func(path string, v any) {
		s.object(path, v, map[string]fieldKind{"id": kString, "name": kString, "labels": kLabels, "scope": kString, "metric": kString, "periods": kStrings})
	})
	s.each("/counters", obj["counters"], func(path string, v any) {
		s.object(path, v, map[string]fieldKind{"id": kString, "name": kString, "labels": kLabels, "on": kStrings, "when": kString,
			"agg": kString, "metric": kString, "periods": kStrings})
	})
	s.each("/badges", obj["badges"], func(path string, v any) {
		b := s.object(path, v, map[string]fieldKind{"id": kString, "name": kString, "description": kString,
			"labels": kLabels, "description_labels": kLabels, "counter": kString, "streak": kString, "points": kString, "period": kString, "tiers": kObjects, "repeatable": kBool, "coins": kInt})
		if b != nil {
			s.each(path+"/tiers", b["tiers"], func(path string, v any) {
				s.object(path, v, map[string]fieldKind{"name": kString, "min": kNumber, "labels": kLabels})
			})
		}
	})
	s.each("/streaks", obj["streaks"], func(path string, v any) {
		st := s.object(path, v, map[string]fieldKind{"id": kString, "name": kString, "labels": kLabels, "counter": kString, "min": kNumber,
			"unit": kString, "allowance": kInt, "freezes": kObject})
		if st != nil {
			s.nested(path+"/freezes", st["freezes"], map[string]fieldKind{"earn_every": kInt, "max_held": kInt})
		}
	})
	s.each("/challenges", obj["challenges"], func(path string, v any) {
		c := s.object(path, v, map[string]fieldKind{"id": kString, "name": kString, "description": kString,
			"labels": kLabels, "description_labels": kLabels, "scope": kString, "period": kString, "counter": kString, "target": kNumber, "adaptive": kObject, "reward": kObject})
		if c != nil {
			s.nested(path+"/adaptive", c["adaptive"], map[string]fieldKind{"factor": kNumber, "stat": kString,
				"days": kInt, "min_days": kInt, "floor": kNumber})
			s.nested(path+"/reward", c["reward"], map[string]fieldKind{"points": kInt, "coins": kInt, "category": kString, "badge": kString})
		}
	})
	s.each("/team_goals", obj["team_goals"], func(path string, v any) {
		s.object(path, v, map[string]fieldKind{"id": kString, "name": kString, "labels": kLabels, "counter": kString,
			"period": kString, "target": kNumber, "coins": kInt})
	})
	s.each("/seasons", obj["seasons"], func(path string, v any) {
		s.object(path, v, map[string]fieldKind{"id": kString, "name": kString, "labels": kLabels, "from": kString, "to": kString})
	})
	if k, ok := obj["kudos"].(map[string]any); ok {
		s.object("/kudos", k, map[string]fieldKind{"allowance": kInt, "period": kString, "values": kObjects, "weights": kObjects})
		s.each("/kudos/values", k["values"], func(path string, v any) {
			s.object(path, v, map[string]fieldKind{"id": kString, "name": kString, "labels": kLabels})
		})
		s.each("/kudos/weights", k["weights"], func(path string, v any) {
			s.object(path, v, map[string]fieldKind{"level": kInt, "weight": kInt})
		})
	}
	if l, ok := obj["leagues"].(map[string]any); ok {
		s.object("/leagues", l, map[string]fieldKind{"size": kInt, "tiers": kObjects, "promote": kInt, "demote": kInt, "cohort": kString})
		s.each("/leagues/tiers", l["tiers"], func(path string, v any) {
			s.object(path, v, map[string]fieldKind{"id": kString, "name": kString, "labels": kLabels})
		})
	}
}

// nested checks an object-valued field; value() has already reported one
// of the wrong kind, so it is not reported twice.
func (s *shape) nested(path string, v any, fields map[string]fieldKind) {
	if _, ok := v.(map[string]any); ok {
		s.object(path, v, fields)
	}
}

func (s *shape) each(path string, v any, f func(string, any)) {
	arr, ok := v.([]any)
	if !ok {
		return
	}
	for i, item := range arr {
		f(path+"/"+strconv.Itoa(i), item)
	}
}

// object checks v is an object with only the given keys of the given kinds
// and returns it (nil when it is not an object). null stands for absent.
func (s *shape) object(path string, v any, fields map[string]fieldKind) map[string]any {
	if v == nil {
		return nil
	}
	obj, ok := v.(map[string]any)
	if !ok {
		s.add(path, msgObject)
		return nil
	}
	for _, key := range slices.Sorted(maps.Keys(obj)) {
		p := path + "/" + pointerEscape(key)
		kind, known := fields[key]
		if !known {
			s.add(p, msgUnknown)
			continue
		}
		s.value(p, obj[key], kind)
	}
	return obj
}

func (s *shape) value(path string, v any, kind fieldKind) {
	if v == nil {
		return
	}
	switch kind {
	case kString:
		if _, ok := v.(string); !ok {
			s.add(path, msgString)
		}
	case kInt:
		n, ok := v.(json.Number)
		if !ok {
			s.add(path, "must be a whole number")
			return
		}
		if _, err := strconv.ParseInt(string(n), 10, 64); err != nil {
			s.add(path, "must be a whole number")
		}
	case kNumber:
		n, ok := v.(json.Number)
		if !ok {
			s.add(path, "must be a number")
			return
		}
		if f, err := strconv.ParseFloat(string(n), 64); err != nil || math.IsInf(f, 0) {
			s.add(path, "must be a finite number")
		}
	case kBool:
		if _, ok := v.(bool); !ok {
			s.add(path, "must be true or false")
		}
	case kFormula:
		switch v.(type) {
		case string, json.Number:
		default:
			s.add(path, "must be a CEL formula (a string) or a number")
		}
	case kStrings:
		arr, ok := v.([]any)
		if !ok {
			s.add(path, "must be an array of strings")
			return
		}
		for i, item := range arr {
			if _, ok := item.(string); !ok {
				s.add(path+"/"+strconv.Itoa(i), msgString)
			}
		}
	case kObject:
		if _, ok := v.(map[string]any); !ok {
			s.add(path, msgObject)
		}
	case kObjects:
		if _, ok := v.([]any); !ok {
			s.add(path, "must be an array of objects")
		}
	case kLabels:
		obj, ok := v.(map[string]any)
		if !ok {
			s.add(path, `must be an object of labels by language, e.g. {"en": "Quality", "sv": "Kvalitet"}`)
			return
		}
		for _, key := range slices.Sorted(maps.Keys(obj)) {
			if _, ok := obj[key].(string); !ok {
				s.add(path+"/"+pointerEscape(key), msgString)
			}
		}
	case kLabelsMap:
		obj, ok := v.(map[string]any)
		if !ok {
			s.add(path, "must be an object of labels by id")
			return
		}
		for _, key := range slices.Sorted(maps.Keys(obj)) {
			s.value(path+"/"+pointerEscape(key), obj[key], kLabels)
		}
	}
}

// pointerEscape escapes a key for a JSON Pointer (RFC 6901).
func pointerEscape(key string) string {
	if !strings.ContainsAny(key, "~/") {
		return key
	}
	return strings.ReplaceAll(strings.ReplaceAll(key, "~", "~0"), "/", "~1")
}

// pointerLess orders JSON Pointers as a reader scans the document: by
// segment, with array indexes compared as numbers (so /2 comes before /10).
func pointerLess(a, b string) bool {
	as, bs := strings.Split(a, "/"), strings.Split(b, "/")
	for i := 0; i < len(as) && i < len(bs); i++ {
		if as[i] == bs[i] {
			continue
		}
		ai, aerr := strconv.Atoi(as[i])
		bi, berr := strconv.Atoi(bs[i])
		if aerr == nil && berr == nil {
			return ai < bi
		}
		return as[i] < bs[i]
	}
	return len(as) < len(bs)
}
