package ingest

import (
	"net/http/httptest"
	"strings"
	"testing"

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
