package api

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"scorecast/shared"
)

// Rota upload limits: a month of a 300-seat floor fits in one upload.
const (
	maxRotaBody  = 1 << 20
	maxRotaLines = 10_000
)

// errRotaTooMany is an upload of more than maxRotaLines days.
var errRotaTooMany = fmt.Errorf("a rota upload has at most %d lines; send it in parts", maxRotaLines)

// rotaLine is one day of an upload with the line it came from.
type rotaLine struct {
	line int
	day  shared.RotaDay
}

// parseRotaJSON reads a JSON array of days; item i is line i+1. A body
// that is not such an array is an error for the whole upload.
func parseRotaJSON(data []byte) ([]rotaLine, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var days []shared.RotaDay
	if err := dec.Decode(&days); err != nil {
		return nil, fmt.Errorf("the body must be a JSON array of {\"agent\",\"date\",\"kind\"}: %w", err)
	}
	if dec.More() {
		return nil, errors.New("the body must be one JSON array")
	}
	if len(days) > maxRotaLines {
		return nil, errRotaTooMany
	}
	lines := make([]rotaLine, len(days))
	for i, d := range days {
		lines[i] = rotaLine{line: i + 1, day: shared.RotaDay{Agent: d.Agent, Date: d.Date, Kind: d.Kind}}
	}
	return lines, nil
}

// parseRotaCSV reads a CSV with the header agent,date,kind (in any order,
// any case). A line with the wrong number of fields is a line error; a
// missing header is an error for the whole upload.
func parseRotaCSV(data []byte) ([]rotaLine, []shared.RotaLineError, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	r.ReuseRecord = true
	head, err := r.Read()
	if err == io.EOF {
		return nil, nil, errors.New("the CSV is empty: it needs the header agent,date,kind")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("line 1: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	for _, name := range []string{"agent", "date", "kind"} {
		if _, ok := col[name]; !ok {
			return nil, nil, fmt.Errorf("line 1: the header must name the columns agent, date and kind (found %q)", strings.Join(head, ","))
		}
	}
	var lines []rotaLine
	var errs []shared.RotaLineError
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		var perr *csv.ParseError
		if errors.As(err, &perr) {
			errs = append(errs, shared.RotaLineError{Line: perr.Line, Code: shared.RotaBadCSV, Message: perr.Err.Error()})
			continue
		}
		if err != nil {
			return nil, nil, fmt.Errorf("read the CSV: %w", err)
		}
		// FieldPos only after a record was read: it panics after an error.
		line, _ := r.FieldPos(0)
		if len(lines)+len(errs) >= maxRotaLines {
			return nil, nil, errRotaTooMany
		}
		if len(rec) != len(head) {
			errs = append(errs, shared.RotaLineError{Line: line, Code: shared.RotaFields, Message: fmt.Sprintf("has %d fields; the header has %d", len(rec), len(head))})
			continue
		}
		field := func(name string) string { return strings.TrimSpace(rec[col[name]]) }
		lines = append(lines, rotaLine{line: line, day: shared.RotaDay{Agent: field("agent"), Date: field("date"), Kind: strings.ToLower(field("kind"))}})
	}
	return lines, errs, nil
}
