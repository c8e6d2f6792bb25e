package shared

// RotaDay is one day of an agent's rota: a day off, sick or on holiday,
// which never breaks a streak and spends no freeze.
type RotaDay struct {
	Agent string `json:"agent"`
	Date  string `json:"date"` // YYYY-MM-DD
	Kind  string `json:"kind"` // off, sick or holiday
	Name  string `json:"name,omitempty"`
}

// Rota kinds.
const (
	RotaOff     = "off"
	RotaSick    = "sick"
	RotaHoliday = "holiday"
)

// RotaList answers GET /api/v1/rota: the days asked about, by date then agent.
type RotaList struct {
	Days []RotaDay `json:"days"`
}

// RotaLineError is one refused line of a rota upload: the line (1-based;
// in a CSV the header is line 1, in JSON the array's first item is line 1),
// the field and why.
type RotaLineError struct {
	Line  int    `json:"line"`
	Field string `json:"field,omitempty"`
	// Code says what is wrong, for a client to word in its language (one
	// of the RotaLine codes); Message says it in English.
	Code    string `json:"code" enum:"agent,date,date_past,date_ahead,kind,unknown,not_your_team,repeat,fields,csv"`
	Message string `json:"message"`
	// Other is the earlier line a repeated one names the same day as.
	Other int `json:"other,omitempty"`
}

// Codes of a rota line error: the first five are a day's own (scoring's
// CheckRotaDay), the rest the upload's.
const (
	RotaBadAgent    = "agent"
	RotaBadDate     = "date"
	RotaTooOld      = "date_past"
	RotaTooFar      = "date_ahead"
	RotaBadKind     = "kind"
	RotaUnknown     = "unknown"
	RotaNotYourTeam = "not_your_team"
	RotaRepeat      = "repeat"
	RotaFields      = "fields"
	RotaBadCSV      = "csv"
)

// The rota's window in days, as the server keeps it: days further back
// are dropped, days further ahead refused.
const (
	RotaKeepDays  = 62
	RotaAheadDays = 400
)

// RotaAnswer answers PUT /api/v1/rota. An upload is applied whole or not at
// all: with any error, Accepted is 0 and Errors lists every refused line.
type RotaAnswer struct {
	Error    string          `json:"error,omitempty"`
	Lines    int             `json:"lines"`
	Accepted int             `json:"accepted"`
	Refused  int             `json:"refused"`
	Errors   []RotaLineError `json:"errors"`
}
