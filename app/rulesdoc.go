package app

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"scorecast/shared"
)

// problem is a ruleset problem as the server reports it.
type problem = shared.Problem

// pointerLine is the 1-based line of the editor text where the value at a
// JSON Pointer begins (for an object member: its key). When the pointer
// names something missing, it is the line of the nearest existing parent,
// which is where the fix goes. Unparseable text gives line 1.
func pointerLine(doc []byte, ptr string) int {
	return lineAt(doc, pointerOffset(doc, ptr))
}

func pointerOffset(doc []byte, ptr string) int {
	if ptr == "" || ptr == "/" {
		return skipSpace(doc, 0)
	}
	segs := strings.Split(strings.TrimPrefix(ptr, "/"), "/")
	dec := json.NewDecoder(bytes.NewReader(doc))
	off := skipSpace(doc, 0)
	for _, seg := range segs {
		seg = strings.NewReplacer("~1", "/", "~0", "~").Replace(seg)
		tok, err := dec.Token()
		if err != nil {
			return off
		}
		found := false
		switch tok {
		case json.Delim('{'):
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return off
				}
				if k == seg {
					// InputOffset is just past the key: its line is the key's.
					off, found = int(dec.InputOffset())-1, true
					break
				}
				if skipValue(dec) != nil {
					return off
				}
			}
		case json.Delim('['):
			want, err := strconv.Atoi(seg)
			if err != nil {
				return off
			}
			for i := 0; dec.More(); i++ {
				if i == want {
					off, found = skipSpace(doc, int(dec.InputOffset())), true
					break
				}
				if skipValue(dec) != nil {
					return off
				}
			}
		}
		if !found {
			return off
		}
	}
	return off
}

// skipValue reads one whole value from dec.
func skipValue(dec *json.Decoder) error {
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return nil
		}
	}
}

// skipSpace moves past white space, commas and colons.
func skipSpace(doc []byte, i int) int {
	for i < len(doc) && strings.IndexByte(" \t\r\n,:", doc[i]) >= 0 {
		i++
	}
	return i
}

// lineAt is the 1-based line of byte offset off.
func lineAt(doc []byte, off int) int {
	if off > len(doc) {
		off = len(doc)
	}
	if off < 0 {
		off = 0
	}
	return bytes.Count(doc[:off], []byte{'\n'}) + 1
}

// lineOffset is the byte offset where 1-based line n starts.
func lineOffset(text string, n int) int {
	off := 0
	for i := 1; i < n; i++ {
		j := strings.IndexByte(text[off:], '\n')
		if j < 0 {
			return len(text)
		}
		off += j + 1
	}
	return off
}

// prettyJSON indents a JSON document for the editor.
func prettyJSON(raw []byte) string {
	var b bytes.Buffer
	if err := json.Indent(&b, raw, "", "  "); err != nil {
		return string(raw)
	}
	return b.String()
}
