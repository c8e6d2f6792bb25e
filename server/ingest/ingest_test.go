package ingest

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSplit(t *testing.T) {
	items, err := split([]byte(`  {"id":"a"} `), false, 10)
	require.NoError(t, err)
	assert.Len(t, items, 1)

	items, err = split([]byte(`[{"id":"a"},{"id":"b"}]`), false, 10)
	require.NoError(t, err)
	assert.Len(t, items, 2)

	items, err = split([]byte("{\"id\":\"a\"}\n\n  {\"id\":\"b\"}\r\n"), true, 10)
	require.NoError(t, err)
	assert.Len(t, items, 2)

	_, err = split([]byte(`[1,2,3]`), false, 2)
	assert.ErrorIs(t, err, errTooMany)
	_, err = split([]byte("{}\n{}\n{}\n"), true, 2)
	assert.ErrorIs(t, err, errTooMany)
	_, err = split([]byte(`[{"id":`), false, 10)
	assert.Error(t, err)
	_, err = split([]byte(`{"id":"a"} trailing`), false, 10)
	assert.Error(t, err)
}

func TestContentType(t *testing.T) {
	for ct, want := range map[string]bool{"application/json": false, "application/json; charset=utf-8": false, "application/x-ndjson": true} {
		r := httptest.NewRequest("POST", "/", strings.NewReader(""))
		r.Header.Set("Content-Type", ct)
		nd, err := contentType(r)
		require.NoError(t, err, ct)
		assert.Equal(t, want, nd, ct)
	}
	for _, ct := range []string{"", "text/plain", "application/xml", "garbage;;"} {
		r := httptest.NewRequest("POST", "/", strings.NewReader(""))
		r.Header.Set("Content-Type", ct)
		_, err := contentType(r)
		assert.Error(t, err, ct)
	}
}

func TestLimiter(t *testing.T) {
	l := newLimiter()
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	assert.Zero(t, l.take("k", 20, 10, now), "a full bucket holds two seconds' worth")
	assert.Equal(t, time.Second/2, l.take("k", 5, 10, now))
	assert.Zero(t, l.take("k", 5, 10, now.Add(time.Second/2)))
	assert.Zero(t, l.take("other", 20, 10, now), "keys have their own buckets")
	assert.Zero(t, l.take("big", 500, 10, now), "one request above the burst passes on a full bucket")
	assert.Positive(t, l.take("big", 1, 10, now))
}
