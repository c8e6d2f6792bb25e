package store

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/klauspost/compress/s2"
)

// Marks that start a compressed record. No JSON text starts with either, so
// records written plain by earlier versions still read, and so do records
// compressed without the dictionary.
const (
	compressedMark = 0xff // S2 block
	dictMark       = 0xfe // S2 block against recordDict
)

// recordDictBytes is an S2 dictionary made once (s2.MakeDict) from an agent
// and a team record of the default ruleset after six days of mixed events:
// the keys, period names and counter shapes every record repeats. Records
// are small (1–3 KiB of JSON), so on its own S2 finds few repeats in them;
// against the dictionary they compress about twice as far again, for a
// quarter more encoding time (BenchmarkRecordCompression). Records written
// with it need exactly these bytes to read, so they never change
// (TestRecordDictIsPinned): a better dictionary gets a mark of its own.
//
//go:embed recorddict.s2dict
var recordDictBytes []byte

// recordDict is read-only once made, and safe for concurrent use.
var recordDict = s2.NewDict(recordDictBytes)

// appendCompressed appends dictMark and the S2 block of src against
// recordDict to dst. Agent and team records are JSON rewritten with every
// batch that touches them; every byte saved is a byte Badger does not copy
// into its write-ahead log, its memtable, and again in every flush and
// compaction.
func appendCompressed(dst, src []byte) []byte {
	start := len(dst)
	need := 1 + s2.MaxEncodedLen(len(src))
	if cap(dst)-start < need {
		grown := make([]byte, start, 2*cap(dst)+need)
		copy(grown, dst)
		dst = grown
	}
	dst = dst[:start+1]
	dst[start] = dictMark
	enc := recordDict.Encode(dst[start+1:start+need], src)
	return dst[:start+1+len(enc)]
}

// errBadRecord is returned for a compressed record that does not decode.
var errBadRecord = errors.New("store: damaged compressed record")

// decodeValue decodes a stored value into v: JSON, or JSON compressed by
// appendCompressed now or before the dictionary.
func decodeValue(val []byte, v any) error {
	var err error
	switch {
	case len(val) == 0:
	case val[0] == dictMark:
		val, err = recordDict.Decode(nil, val[1:])
	case val[0] == compressedMark:
		val, err = s2.Decode(nil, val[1:])
	}
	if err != nil {
		return fmt.Errorf("%w: %w", errBadRecord, err)
	}
	return json.Unmarshal(val, v)
}
