package api

import (
	"bytes"
	"image"
	"image/png"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
)

func pngOf(w, h int) []byte {
	var b bytes.Buffer
	_ = png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h)))
	return b.Bytes()
}

// A tiny lossless WebP (1x1) and the same header claiming 64x64, so that
// the WebP decoder's configuration is what the size check reads.
var webp64 = func() []byte {
	// VP8L: signature 0x2f, then 14 bits width-1, 14 bits height-1.
	w, h := 64-1, 64-1
	bits := uint32(w) | uint32(h)<<14
	vp8l := []byte{0x2f, byte(bits), byte(bits >> 8), byte(bits >> 16), byte(bits >> 24), 0, 0, 0, 0, 0}
	chunk := append([]byte("VP8L"), byte(len(vp8l)), 0, 0, 0)
	chunk = append(chunk, vp8l...)
	riff := append([]byte("RIFF"), byte(len(chunk)+4), 0, 0, 0)
	riff = append(riff, []byte("WEBP")...)
	return append(riff, chunk...)
}()

func TestPhotoType(t *testing.T) {
	for _, tc := range []struct {
		name   string
		data   []byte
		typ    string
		status int
	}{
		{"png", pngOf(64, 64), "image/png", 0},
		{"webp", webp64, "image/webp", 0},
		{"smallest side", pngOf(16, 16), "image/png", 0},
		{"too small", pngOf(15, 64), "", http.StatusBadRequest},
		{"too large", pngOf(4097, 16), "", http.StatusBadRequest},
		{"empty", nil, "", http.StatusBadRequest},
		{"gif", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), "", http.StatusUnsupportedMediaType},
		{"html", []byte("<html><body>hi</body></html>"), "", http.StatusUnsupportedMediaType},
		{"png signature only", pngOf(64, 64)[:12], "", http.StatusBadRequest},
	} {
		typ, msg, status := photoType(tc.data)
		assert.Equal(t, tc.status, status, "%s: %s", tc.name, msg)
		assert.Equal(t, tc.typ, typ, tc.name)
		if status != 0 {
			assert.NotEmpty(t, msg, tc.name)
		}
	}
}

func TestTeamColor(t *testing.T) {
	s := func(v string) *string { return &v }
	for _, tc := range []struct {
		asked *string
		old   string
		want  string
		bad   bool
	}{
		{nil, "#112233", "#112233", false},
		{s(""), "#112233", "", false},
		{s("#A1B2C3"), "", "#a1b2c3", false},
		{s("red"), "#112233", "#112233", true},
		{s("#12345"), "", "", true},
		{s("#1234567"), "", "", true},
		{s(" #123456"), "", "", true},
	} {
		var p problems
		got := teamColor(tc.asked, tc.old, &p)
		assert.Equal(t, tc.want, got)
		assert.Equal(t, tc.bad, len(p) > 0, "%v", tc.asked)
	}
}

func TestETagMatch(t *testing.T) {
	assert.True(t, etagMatch(`"abc"`, `"abc"`))
	assert.True(t, etagMatch(`W/"abc"`, `"abc"`))
	assert.True(t, etagMatch(`"x", "abc"`, `"abc"`))
	assert.True(t, etagMatch(`*`, `"abc"`))
	assert.False(t, etagMatch(``, `"abc"`))
	assert.False(t, etagMatch(`"abcd"`, `"abc"`))
}
