package ingest

import (
	"errors"
	"fmt"
)

// splitArray cuts a JSON array into its elements without decoding or
// validating them: scoring.ParseEvent validates each element, so the body
// is checked once, not once here and again per event. The elements alias
// body. It fails on what cannot be an array of values: a missing bracket
// or comma, a string or bracket left open, data after the array.
func splitArray(body []byte, max int) ([][]byte, error) {
	i := skipSpace(body, 0)
	if i == len(body) || body[i] != '[' {
		return nil, errors.New("body is not a valid JSON array: it does not start with [")
	}
	var items [][]byte
	i = skipSpace(body, i+1)
	if i < len(body) && body[i] == ']' {
		return items, trailing(body, i+1)
	}
	for {
		end, err := valueEnd(body, i)
		if err != nil {
			return nil, err
		}
		if len(items) == max {
			return nil, errTooMany
		}
		items = append(items, body[i:end])
		i = skipSpace(body, end)
		if i == len(body) {
			return nil, errors.New("body is not a valid JSON array: it ends too early")
		}
		switch body[i] {
		case ',':
			i = skipSpace(body, i+1)
		case ']':
			return items, trailing(body, i+1)
		default:
			return nil, fmt.Errorf("body is not a valid JSON array: %q at byte %d, where a comma or ] belongs", body[i], i)
		}
	}
}

// trailing refuses anything but space after the array's end at i.
func trailing(body []byte, i int) error {
	if skipSpace(body, i) != len(body) {
		return errors.New("body is not a valid JSON array: data after its end")
	}
	return nil
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// valueEnd is the index just past the JSON value starting at i: a string,
// an object or array (strings inside are skipped whole, so their brackets
// do not count), or a literal up to the next delimiter.
func valueEnd(b []byte, i int) (int, error) {
	if i == len(b) {
		return 0, errors.New("body is not a valid JSON array: it ends too early")
	}
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				end, err := stringEnd(b, j)
				if err != nil {
					return 0, err
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1, nil
				}
			}
		}
		return 0, errors.New("body is not a valid JSON array: an object or array is left open")
	case ',', ']', '}', ':':
		return 0, fmt.Errorf("body is not a valid JSON array: %q at byte %d, where a value belongs", b[i], i)
	}
	j := i
	for j < len(b) && b[j] != ',' && b[j] != ']' && b[j] != ' ' && b[j] != '\t' && b[j] != '\n' && b[j] != '\r' {
		j++
	}
	return j, nil
}

// stringEnd is the index just past the string whose quote is at i.
func stringEnd(b []byte, i int) (int, error) {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1, nil
		}
	}
	return 0, errors.New("body is not a valid JSON array: a string is left open")
}
