package store

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/klauspost/compress/s2"
)

// compressedMark starts a record stored compressed; no JSON text starts
// with it, so records written plain by earlier versions still read.
const compressedMark = 0xff

// appendCompressed appends the mark and the S2 block of src to dst. Agent
// and team records are JSON of about 2 KiB, rewritten with every batch that
// touches them; S2 shrinks them about threefold for a few microseconds, and
// every byte saved is a byte Badger does not copy into its write-ahead log,
// its memtable, and again in every flush and compaction.
func appendCompressed(dst, src []byte) []byte {
	start := len(dst)
	need := 1 + s2.MaxEncodedLen(len(src))
	if cap(dst)-start < need {
		grown := make([]byte, start, 2*cap(dst)+need)
		copy(grown, dst)
		dst = grown
	}
	dst = dst[:start+1]
	dst[start] = compressedMark
	enc := s2.Encode(dst[start+1:start+need], src)
	return dst[:start+1+len(enc)]
}

// errBadRecord is returned for a compressed record that does not decode.
var errBadRecord = errors.New("store: damaged compressed record")

// decodeValue decodes a stored value into v: JSON, or JSON compressed by
// appendCompressed.
func decodeValue(val []byte, v any) error {
	if len(val) > 0 && val[0] == compressedMark {
		plain, err := s2.Decode(nil, val[1:])
		if err != nil {
			return fmt.Errorf("%w: %w", errBadRecord, err)
		}
		val = plain
	}
	return json.Unmarshal(val, v)
}
