package shared

import "time"

// Roles a user or display has, as the API names them.
const (
	RoleAdmin      = "admin"
	RoleSupervisor = "supervisor"
	RoleAgent      = "agent"
	RoleDisplay    = "display"
)

// LoginRequest is the body of POST /api/v1/session. An empty Org is the
// server's default org.
type LoginRequest struct {
	Org      string `json:"org,omitempty"`
	User     string `json:"user"`
	Password string `json:"password"`
}

// Identity answers POST /api/v1/session and GET /api/v1/me: who the caller is.
type Identity struct {
	Org  string `json:"org"`
	User string `json:"user"`
	Name string `json:"name"`
	Role string `json:"role" enum:"admin,supervisor,agent,display"`
	Team string `json:"team,omitempty"`
	// Boards bind a display to the boards it may show.
	Boards []string `json:"boards,omitempty"`
	// Teams are, for a supervisor, the teams they supervise; for a display,
	// the teams it may show.
	Teams []string `json:"teams,omitempty"`
	// Photo is the URL of the user's photo; empty: none.
	Photo string `json:"photo,omitempty"`
	// Preferences are how the user appears to others, and their language
	// (GET /api/v1/me; a display has none).
	Preferences *Preferences `json:"preferences,omitempty"`
}

// UserRequest is the body of PUT /api/v1/users/{id}. An empty Password
// keeps the user's password.
type UserRequest struct {
	Name     string `json:"name"`
	Role     string `json:"role" enum:"admin,supervisor,agent"`
	Team     string `json:"team,omitempty"`
	Password string `json:"password,omitempty"`
}

// User is a user as the API shows it, without any secret: Login says
// whether they have a password to log in with.
type User struct {
	ID      string    `json:"id"`
	Name    string    `json:"name"`
	Role    string    `json:"role" enum:"admin,supervisor,agent"`
	Team    string    `json:"team,omitempty"`
	Login   bool      `json:"login"`
	Created time.Time `json:"created"`
	// Photo is the URL of the user's photo (GET /api/v1/users); empty: none.
	Photo string `json:"photo,omitempty"`
}

// Users answers GET /api/v1/users.
type Users struct {
	Users []User `json:"users"`
}

// TeamRequest is the body of PUT /api/v1/teams/{id}.
type TeamRequest struct {
	Name        string   `json:"name"`
	Supervisors []string `json:"supervisors,omitempty"`
	// Color is the team's colour, "#rrggbb"; missing keeps the one set,
	// "" clears it (the PWA then picks one from the id).
	Color *string `json:"color,omitempty"`
}

// TeamProfile answers PUT /api/v1/teams/{id}: a team's name and supervisors.
type TeamProfile struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Supervisors []string `json:"supervisors,omitempty"`
	Color       string   `json:"color,omitempty"` // "#rrggbb"; empty: the PWA picks one
}

// RosterChange is what a roster import does (or would do) to one user.
type RosterChange struct {
	ID     string   `json:"id"`
	Action string   `json:"action" enum:"create,update,unchanged"`
	Fields []string `json:"fields,omitempty"` // of an update: name, role, team, password
}

// RosterError is one bad line of a roster.
type RosterError struct {
	Line    int    `json:"line"`
	Message string `json:"message"`
}

// RosterResult answers POST /api/v1/roster: every change it made (or, on a
// dry run, would make) and, with a 400, every error; Error is set when the
// roster could not be read at all.
type RosterResult struct {
	Error   string         `json:"error,omitempty"`
	Changes []RosterChange `json:"changes"`
	Errors  []RosterError  `json:"errors"`
	Applied bool           `json:"applied"`
}

// OrgSettings is the body of PUT /api/v1/org, a partial update: a field
// left out keeps its value.
type OrgSettings struct {
	Name         string `json:"name,omitempty"`
	StrictRoster *bool  `json:"strict_roster,omitempty"`
	PublicBoards *bool  `json:"public_boards,omitempty"`
	TVChime      *bool  `json:"tv_chime,omitempty"`
}

// Org answers GET and PUT /api/v1/org. A strict roster refuses events for
// agents not on it.
type Org struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	StrictRoster bool   `json:"strict_roster"`
	// PublicBoards false hides boards from agents; supervisors and TVs
	// still see them.
	PublicBoards bool `json:"public_boards"`
	// TVChime plays a short chime on the TVs' celebrations.
	TVChime bool `json:"tv_chime"`
}

// OrgRequest is the body of POST /api/v1/orgs: a new org and its admin's
// password.
type OrgRequest struct {
	ID            string `json:"id"`
	Name          string `json:"name"`
	AdminPassword string `json:"admin_password"`
}

// CreatedOrg answers POST /api/v1/orgs.
type CreatedOrg struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// KeyRequest is the body of POST /api/v1/keys. Rate 0 is the server's
// default rate.
type KeyRequest struct {
	Name string `json:"name"`
	Rate int    `json:"rate,omitempty"`
}

// NewKey answers POST /api/v1/keys; Key, the secret, is in this answer only.
type NewKey struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Key  string `json:"key"`
}

// IngestKey is an ingest key without its secret. Rate is the events per
// second it may send; 0 is the server's default.
type IngestKey struct {
	ID      string    `json:"id"`
	Org     string    `json:"org"`
	Name    string    `json:"name"`
	Created time.Time `json:"created"`
	Rate    int       `json:"rate,omitempty"`
}

// IngestKeys answers GET /api/v1/keys.
type IngestKeys struct {
	Keys []IngestKey `json:"keys"`
}

// PairingStart answers POST /api/v1/displays/pairing: the code the TV shows
// and the secret it polls with.
type PairingStart struct {
	Code    string    `json:"code"`
	Poll    string    `json:"poll"`
	Expires time.Time `json:"expires"`
}

// Pairing states of a TV's poll.
const (
	PairingWaiting = "waiting"
	PairingPaired  = "paired"
)

// PairingStatus answers GET /api/v1/displays/pairing/{poll}: waiting with
// the code, or paired with the display's token and name (handed out once).
type PairingStatus struct {
	Status string `json:"status" enum:"waiting,paired"`
	Code   string `json:"code,omitempty"`
	Token  string `json:"token,omitempty"`
	Name   string `json:"name,omitempty"`
}

// PairRequest is the body of POST /api/v1/displays: the code a TV shows and
// the boards ("agents/day", "teams") and teams it may show.
type PairRequest struct {
	Code   string   `json:"code"`
	Name   string   `json:"name"`
	Boards []string `json:"boards,omitempty"`
	Teams  []string `json:"teams,omitempty"`
}

// Display is a paired TV; By is the user who paired it.
type Display struct {
	ID      string    `json:"id"`
	Org     string    `json:"org"`
	Name    string    `json:"name"`
	Boards  []string  `json:"boards"`
	Teams   []string  `json:"teams"`
	By      string    `json:"by"`
	Created time.Time `json:"created"`
	// LastSeen is when the display last called the API or opened its live
	// socket (to the minute); absent when it never has.
	LastSeen time.Time `json:"last_seen,omitzero"`
}

// Displays answers GET /api/v1/displays.
type Displays struct {
	Displays []Display `json:"displays"`
}

// AuditEntry is one action of the audit log. Actor is a user's id or
// "system"; Action is e.g. "login", "ruleset.publish", "user.put".
type AuditEntry struct {
	Time   time.Time `json:"time"`
	Actor  string    `json:"actor"`
	Action string    `json:"action"`
	Target string    `json:"target,omitempty"`
	Detail string    `json:"detail,omitempty"`
	Addr   string    `json:"addr,omitempty"`
}

// AuditLog answers GET /api/v1/audit, newest first.
type AuditLog struct {
	Entries []AuditEntry `json:"entries"`
}
