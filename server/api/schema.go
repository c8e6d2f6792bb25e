package api

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"
)

// schemaSet makes JSON Schemas (2020-12, the dialect of OpenAPI 3.1) of Go
// types by reflection, with the rules of encoding/json: a struct's fields
// by their json names, omitempty and omitzero fields not required, a nil
// slice, map or pointer that is not omitted written as null. Named structs
// become components, referred to by name.
type schemaSet struct {
	components map[string]any
	types      map[string]reflect.Type // component name -> its type, to catch two types of one name
}

func newSchemaSet() *schemaSet {
	return &schemaSet{components: map[string]any{}, types: map[string]reflect.Type{}}
}

var (
	timeType = reflect.TypeFor[time.Time]()
	rawType  = reflect.TypeFor[json.RawMessage]()
)

// of is the schema of t.
func (s *schemaSet) of(t reflect.Type) map[string]any {
	switch t {
	case timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case rawType:
		return map[string]any{"description": "Any JSON value."}
	}
	switch t.Kind() {
	case reflect.Pointer:
		return s.of(t.Elem())
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return map[string]any{"type": "integer"}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer", "minimum": 0}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": s.of(t.Elem())}
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			panic(fmt.Sprintf("schema: map key of %s is not a string", t))
		}
		return map[string]any{"type": "object", "additionalProperties": s.of(t.Elem())}
	case reflect.Struct:
		if t.Name() == "" {
			return s.object(t)
		}
		if other, ok := s.types[t.Name()]; ok && other != t {
			panic(fmt.Sprintf("schema: %s and %s would be one component", t, other))
		}
		if _, ok := s.types[t.Name()]; !ok {
			s.types[t.Name()] = t
			s.components[t.Name()] = s.object(t)
		}
		return map[string]any{"$ref": "#/components/schemas/" + t.Name()}
	case reflect.Interface:
		return map[string]any{}
	}
	panic(fmt.Sprintf("schema: no JSON schema for %s", t))
}

// object is a struct's schema. A field is nullable when encoding/json can
// write null for it: a slice, map or pointer that omitempty does not omit.
func (s *schemaSet) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	required := []string{}
	s.fields(t, props, &required)
	return map[string]any{"type": "object", "properties": props, "required": required, "additionalProperties": false}
}

func (s *schemaSet) fields(t reflect.Type, props map[string]any, required *[]string) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag, has := f.Tag.Lookup("json")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" && opts == "" || !f.IsExported() && !f.Anonymous {
			continue
		}
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			s.fields(f.Type, props, required) // embedded: its fields are the outer's
			continue
		}
		if !has || name == "" {
			name = f.Name
		}
		schema := s.of(f.Type)
		if enum := f.Tag.Get("enum"); enum != "" {
			schema["enum"] = strings.Split(enum, ",")
		}
		optional := hasOpt(opts, "omitempty") || hasOpt(opts, "omitzero")
		if k := f.Type.Kind(); !optional && (k == reflect.Slice && f.Type != rawType || k == reflect.Map || k == reflect.Pointer) {
			schema = nullable(schema)
		}
		props[name] = schema
		if !optional {
			*required = append(*required, name)
		}
	}
}

// nullable lets schema be null too: by its type where it has one, so that a
// validator's errors still point inside it.
func nullable(schema map[string]any) map[string]any {
	if t, ok := schema["type"].(string); ok {
		schema["type"] = []string{t, "null"}
		return schema
	}
	return map[string]any{"anyOf": []any{schema, map[string]any{"type": "null"}}}
}

func hasOpt(opts, opt string) bool {
	for o := range strings.SplitSeq(opts, ",") {
		if o == opt {
			return true
		}
	}
	return false
}
