package projection

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// An agent is flagged quiet after four days or more without points, once
// they were active; dropping when their last week fell below 60 % of the
// three weeks before; and not at all with too little history, with a low
// usual, or while today (left out) is all that is missing.
func TestEngagementFlags(t *testing.T) {
	days := func(usual, lastWeek int64, quietDays int) []int64 {
		out := make([]int64, 28)
		for i := range 20 {
			out[i] = usual
		}
		for i := 20; i < 27; i++ {
			out[i] = lastWeek
		}
		for i := 27 - quietDays; i < 27; i++ {
			out[i] = 0
		}
		out[27] = 0 // today, not over yet
		return out
	}
	for _, tc := range []struct {
		name         string
		last28       []int64
		flag, reason string
	}{
		{"steady", days(20, 20, 0), "", ""},
		{"quiet four days", days(20, 20, 4), "quiet", "no points for 4 days"},
		{"quiet three days is a dip", days(20, 20, 3), "dropping", "points down 43% on their usual week"},
		{"dropping", days(20, 11, 0), "dropping", "points down 45% on their usual week"},
		{"down a little", days(20, 13, 0), "", ""},
		{"low usual", days(9, 0, 7), "", ""},
		{"never active", days(0, 0, 27), "", ""},
		{"too little history", make([]int64, 27), "", ""},
		{"only today missing", append(days(20, 20, 0)[:27:27], 0), "", ""},
	} {
		flag, reason := engagement(tc.last28)
		assert.Equal(t, tc.flag, flag, tc.name)
		assert.Equal(t, tc.reason, reason, tc.name)
	}
}
