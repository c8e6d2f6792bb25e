package shared

// How a person appears to others on boards, TVs and feeds (API.md,
// PUT /api/v1/me/preferences).
const (
	AppearByName     = "name"
	AppearByInitials = "initials"
	AppearHidden     = "hidden"
)

// Preferences is the body and answer of PUT /api/v1/me/preferences.
type Preferences struct {
	Boards   string `json:"boards" enum:"name,initials,hidden"`
	Language string `json:"language,omitempty" enum:",en,sv,de,fr,ru"`
}

// MaxPhotoBytes is the largest photo PUT /api/v1/users/{id}/photo and
// PUT /api/v1/me/photo take (PNG, JPEG or WebP, sent as the raw body).
const MaxPhotoBytes = 512 << 10

// PhotoSet answers PUT /api/v1/me/photo and PUT /api/v1/users/{id}/photo:
// the new photo's URL, which names its hash.
type PhotoSet struct {
	Photo string `json:"photo"`
}
