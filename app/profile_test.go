package app

import (
	"strings"
	"testing"

	"scorecast/shared"
)

func TestPhotoProblem(t *testing.T) {
	for _, tc := range []struct {
		typ  string
		size int
		want string // a part of the message; "" for none
	}{
		{"image/png", 1000, ""},
		{"image/jpeg", shared.MaxPhotoBytes, ""},
		{"image/webp", 10, ""},
		{"image/gif", 10, "PNG, JPEG or WebP"},
		{"", 10, "PNG, JPEG or WebP"},
		{"image/png", shared.MaxPhotoBytes + 1, "513 KiB"},
		{"image/png", 3 << 20, "3.0 MiB"},
		{"image/png", 0, "could not be read"},
	} {
		got := photoProblem("en", tc.typ, tc.size)
		if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
			t.Errorf("%s of %d bytes: %q, want %q", tc.typ, tc.size, got, tc.want)
		}
	}
	if got := photoProblem("sv", "image/png", 3<<20); !strings.Contains(got, "3,0 MiB") {
		t.Errorf("Swedish decimal mark: %q", got)
	}
}

func TestInitialsName(t *testing.T) {
	for name, want := range map[string]string{"Hanna Svensson": "H. S.", "Olga": "O.", "anna maria lind": "A. L.", "Philippa Long-Name": "P. L.", "Ольга Петрова": "О. П."} {
		if got := initialsName(name); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
}

func TestPhotoRefusalInWords(t *testing.T) {
	for status, want := range map[int]string{413: "512 KiB", 415: "PNG, JPEG or WebP", 400: "could not be read", 500: "could not be saved: boom"} {
		got := photoRefusal("en", &apiError{Status: status, Message: "boom"})
		if !strings.Contains(got, want) {
			t.Errorf("%d: %q, want %q", status, got, want)
		}
	}
}

func TestPhotoWithToken(t *testing.T) {
	for _, tc := range []struct{ photo, token, want string }{
		{"", "tok", ""},
		{"/api/v1/photos/o/a?v=1", "", "/api/v1/photos/o/a?v=1"},
		{"/api/v1/photos/o/a?v=1", "t+k/=", "/api/v1/photos/o/a?v=1&token=t%2Bk%2F%3D"},
		{"/api/v1/photos/o/a", "tok", "/api/v1/photos/o/a?token=tok"},
	} {
		if got := photoWithToken(tc.photo, tc.token); got != tc.want {
			t.Errorf("%q %q: %q, want %q", tc.photo, tc.token, got, tc.want)
		}
	}
}
