package shared

// CoopMember is one member of a co-op quest as the quest's card shows them:
// who, with their face, and their part of the shared progress. A
// challenge with Coop members is a co-op quest: its Progress is the
// group's, the sum of the members' shares.
type CoopMember struct {
	ID    string  `json:"id"`
	Name  string  `json:"name"`
	Photo string  `json:"photo,omitempty"` // the photo's URL; empty: draw initials
	Color string  `json:"color,omitempty"` // the member's team colour, "#rrggbb"
	Share float64 `json:"share"`
}

// Bounds of a co-op quest's group, as POST /api/v1/challenges checks them.
const (
	CoopMinMembers = 2
	CoopMaxMembers = 6
)
