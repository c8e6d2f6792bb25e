package auth

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"scorecast/server/store"
)

// FuzzCheckPassword: any stored hash string is either refused as malformed
// or checked, never a panic, and never matches a wrong password.
func FuzzCheckPassword(f *testing.F) {
	good, err := HashPassword("right")
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{good, "", "$argon2id$", "$argon2id$v=19$m=1,t=1,p=1$$", "$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, encoded string) {
		ok, err := CheckPassword(encoded, "wrong")
		if err == nil && ok && encoded == good {
			t.Fatal("a wrong password matched")
		}
	})
}

// FuzzIdentify sends arbitrary Cookie and Authorization headers: no input
// panics, and none is taken for a session or a display that was never made.
func FuzzIdentify(f *testing.F) {
	st, err := store.Open(store.Config{Dir: f.TempDir()})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { st.Close() })
	now := time.Now()
	if err := st.PutUser(store.User{ID: "u", Org: "o", Role: RoleAgent}); err != nil {
		f.Fatal(err)
	}
	if err := st.PutSession("real-token", store.Session{Org: "o", User: "u", Expires: now.Add(time.Hour)}); err != nil {
		f.Fatal(err)
	}
	s, err := New(Config{Store: st})
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range [][2]string{
		{"scorecast_session=real-tokeN", ""}, {"scorecast_session=", ""}, {"a=b; scorecast_session=x; scorecast_session=y", ""},
		{"", "Bearer scd_x"}, {"", "Bearer "}, {"scorecast_session=\x00", "Basic abc"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, cookie, authorization string) {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Header.Set("Cookie", cookie)
		r.Header.Set("Authorization", authorization)
		id, err := s.Identify(r)
		if err == nil && !(cookieHas(r, "real-token") && id.User == "u") {
			t.Fatalf("cookie %q, authorization %q identified as %+v", cookie, authorization, id)
		}
	})
}

func cookieHas(r *http.Request, token string) bool {
	c, err := r.Cookie(CookieName)
	return err == nil && c.Value == token
}
