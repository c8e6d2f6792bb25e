package app

import (
	"net/url"
	"strings"
)

// photoWithToken is a photo URL a paired TV can load: an <img> cannot send
// the display token as a header, and a TV has no session cookie, so the
// token goes in the query, as the live socket's does. A page with a session
// (token "") uses the URL as the views carry it.
func photoWithToken(photo, token string) string {
	if photo == "" || token == "" {
		return photo
	}
	sep := "?"
	if strings.Contains(photo, "?") {
		sep = "&"
	}
	return photo + sep + url.Values{"token": {token}}.Encode()
}
