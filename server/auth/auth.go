package auth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"scorecast/server/store"
	"scorecast/shared"
)

// Roles, as the wire names them.
const (
	RoleAdmin      = shared.RoleAdmin
	RoleSupervisor = shared.RoleSupervisor
	RoleAgent      = shared.RoleAgent
	RoleDisplay    = shared.RoleDisplay
)

// CookieName is the session cookie.
const CookieName = "scorecast_session"

// Identity is who a request comes from.
type Identity struct {
	Org  string `json:"org"`
	User string `json:"user"`
	Name string `json:"name"`
	Role string `json:"role"`
	Team string `json:"team,omitempty"`
	// Boards and Teams bind a display to what it may show.
	Boards []string `json:"boards,omitempty"`
	Teams  []string `json:"teams,omitempty"`
	// ByCookie is true when a session cookie authenticated the request,
	// which is what makes the Origin check against CSRF necessary.
	ByCookie bool `json:"-"`
}

// Errors of Login.
var (
	// ErrBadCredentials is the one answer for an unknown user and a wrong
	// password alike, so that a login never tells whether a user exists.
	ErrBadCredentials = errors.New("auth: wrong user or password")
	// ErrNoSession means the request carries no valid session.
	ErrNoSession = errors.New("auth: not logged in")
)

// ThrottledError asks the caller to wait before the next attempt.
type ThrottledError struct{ RetryAfter time.Duration }

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("auth: too many failed logins; retry in %s", e.RetryAfter.Round(time.Second))
}

// Config configures the Service.
type Config struct {
	Store *store.Store // required
	// SessionTTL is how long a session lives; default 12 hours (a shift and then some).
	SessionTTL time.Duration
	// FreeFailures is how many failed logins per user or address go
	// unthrottled; default 5.
	FreeFailures int
	// Now is the clock; default time.Now.
	Now func() time.Time
}

// Service logs people in and out and recognizes their requests.
type Service struct {
	cfg      Config
	throttle *throttle
	dummy    string // a hash checked when the user does not exist, so both paths cost the same
}

// New returns a Service.
func New(cfg Config) (*Service, error) {
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = 12 * time.Hour
	}
	if cfg.FreeFailures <= 0 {
		cfg.FreeFailures = 5
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	dummy, err := HashPassword("not a password")
	if err != nil {
		return nil, err
	}
	return &Service{cfg: cfg, throttle: newThrottle(cfg.FreeFailures, time.Second, 5*time.Minute), dummy: dummy}, nil
}

// Login checks a password and opens a session; it returns the session's
// token. Failures back off per user and per client address.
func (s *Service) Login(_ context.Context, org, user, password, addr string) (string, Identity, error) {
	now := s.cfg.Now()
	userKey, addrKey := "u:"+org+"/"+user, "a:"+addr
	if w := max(s.throttle.wait(userKey, now), s.throttle.wait(addrKey, now)); w > 0 {
		return "", Identity{}, &ThrottledError{RetryAfter: w}
	}
	u, err := s.cfg.Store.User(org, user)
	hash := u.PasswordHash
	if err != nil || hash == "" {
		hash = s.dummy
	}
	ok, cerr := CheckPassword(hash, password)
	if err != nil || u.PasswordHash == "" || cerr != nil || !ok {
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return "", Identity{}, fmt.Errorf("auth: look up user: %w", err)
		}
		s.throttle.fail(userKey, now)
		s.throttle.fail(addrKey, now)
		return "", Identity{}, ErrBadCredentials
	}
	s.throttle.succeed(userKey)
	s.throttle.succeed(addrKey)
	token, err := newToken()
	if err != nil {
		return "", Identity{}, err
	}
	if err := s.cfg.Store.PutSession(token, store.Session{Org: org, User: user, Created: now, Expires: now.Add(s.cfg.SessionTTL)}); err != nil {
		return "", Identity{}, fmt.Errorf("auth: store session: %w", err)
	}
	return token, identityOf(u), nil
}

// Logout revokes a session at once.
func (s *Service) Logout(token string) error { return s.cfg.Store.DeleteSession(token) }

// Identify returns the identity of a request: a display token
// (Authorization: Bearer, or ?token= for WebSockets) or a session cookie.
// The user or display is read on every request, so removing one or
// changing a role takes effect at once.
func (s *Service) Identify(r *http.Request) (Identity, error) {
	if token := bearer(r.Header.Get("Authorization"), r.URL.Query().Get("token")); token != "" {
		return s.identifyDisplay(token)
	}
	c, err := r.Cookie(CookieName)
	if err != nil || c.Value == "" || len(c.Value) > 128 {
		return Identity{}, ErrNoSession
	}
	sess, err := s.cfg.Store.Session(c.Value)
	if err != nil || !s.cfg.Now().Before(sess.Expires) {
		return Identity{}, ErrNoSession
	}
	u, err := s.cfg.Store.User(sess.Org, sess.User)
	if err != nil {
		return Identity{}, ErrNoSession
	}
	id := identityOf(u)
	id.ByCookie = true
	return id, nil
}

// TokenOf returns the session token of a request, if any.
func TokenOf(r *http.Request) string {
	if c, err := r.Cookie(CookieName); err == nil {
		return c.Value
	}
	return ""
}

// SetCookie writes the session cookie: HttpOnly, SameSite=Strict, and
// Secure when the request came over TLS.
func (s *Service) SetCookie(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{
		Name: CookieName, Value: token, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode,
		Secure: r.TLS != nil, MaxAge: int(s.cfg.SessionTTL.Seconds()),
	})
}

// ClearCookie removes the session cookie.
func ClearCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: CookieName, Value: "", Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil, MaxAge: -1})
}

// ClientAddr is the request's client address without the port.
func ClientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// SameOrigin reports whether a state-changing request made with a cookie
// comes from our own pages: its Origin must be this server's.
func SameOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return false
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return origin == scheme+"://"+r.Host
}

func identityOf(u store.User) Identity {
	return Identity{Org: u.Org, User: u.ID, Name: u.Name, Role: u.Role, Team: u.Team}
}

func newToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("auth: token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// DisplayTokenPrefix marks display tokens, so they are never mistaken for
// ingest keys in logs and headers.
const DisplayTokenPrefix = "scd_"

// NewDisplayToken returns a fresh display token.
func NewDisplayToken() (string, error) {
	t, err := newToken()
	return DisplayTokenPrefix + t, err
}

func (s *Service) identifyDisplay(token string) (Identity, error) {
	if !strings.HasPrefix(token, DisplayTokenPrefix) || len(token) > 128 {
		return Identity{}, ErrNoSession
	}
	d, err := s.cfg.Store.DisplayByToken(token)
	if err != nil {
		return Identity{}, ErrNoSession
	}
	return Identity{Org: d.Org, User: d.ID, Name: d.Name, Role: RoleDisplay, Boards: d.Boards, Teams: d.Teams}, nil
}
