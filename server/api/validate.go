package api

import (
	"fmt"
	"unicode/utf8"

	"scorecast/shared"
)

// Field rules shared by the admin endpoints, matching the ingest API's.
func validID(s string, max int, extra string) bool {
	if len(s) == 0 || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-'
		for j := 0; !ok && j < len(extra); j++ {
			ok = c == extra[j]
		}
		if !ok {
			return false
		}
	}
	return true
}

// problems collects field errors of one request body.
type problems []shared.FieldProblem

func (p *problems) add(field, format string, args ...any) {
	*p = append(*p, shared.FieldProblem{Field: field, Message: fmt.Sprintf(format, args...)})
}

func (p *problems) name(field, v string, required bool) {
	switch {
	case v == "" && required:
		p.add(field, "is required")
	case !utf8.ValidString(v) || utf8.RuneCountInString(v) > 128:
		p.add(field, "must be at most 128 characters of text")
	}
}

// validOrgID: lower-case letters, digits and '-', as it is part of NATS subjects.
func validOrgID(s string) bool {
	if len(s) == 0 || len(s) > 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
