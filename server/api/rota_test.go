package api

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/scoring"
	"scorecast/shared"
)

// The PWA words the rota's window and the day codes from shared's copies
// of scoring's constants.
func TestRotaConstantsAgree(t *testing.T) {
	assert.Equal(t, scoring.RotaKeepDays, shared.RotaKeepDays)
	assert.Equal(t, scoring.RotaAheadDays, shared.RotaAheadDays)
	assert.Equal(t, []string{scoring.RotaBadAgent, scoring.RotaBadDate, scoring.RotaTooOld, scoring.RotaTooFar, scoring.RotaBadKind},
		[]string{shared.RotaBadAgent, shared.RotaBadDate, shared.RotaTooOld, shared.RotaTooFar, shared.RotaBadKind})
	assert.Equal(t, scoring.RotaKinds, []string{shared.RotaOff, shared.RotaSick, shared.RotaHoliday})
}

func TestParseRotaCSV(t *testing.T) {
	lines, errs, err := parseRotaCSV([]byte("\ufeffKind, Agent ,date\r\nOFF,a-1,2026-12-24\r\n\r\nsick,a-2,2026-12-25,extra\n\"bad,a-3,2026-12-26\n"))
	require.NoError(t, err)
	require.Len(t, lines, 1)
	assert.Equal(t, rotaLine{line: 2, day: shared.RotaDay{Agent: "a-1", Date: "2026-12-24", Kind: "off"}}, lines[0])
	require.Len(t, errs, 2, "%+v", errs)
	assert.Equal(t, shared.RotaLineError{Line: 4, Code: shared.RotaFields, Message: "has 4 fields; the header has 3"}, errs[0])
	assert.Equal(t, shared.RotaBadCSV, errs[1].Code)

	_, _, err = parseRotaCSV([]byte("id,day\n"))
	assert.ErrorContains(t, err, "agent, date and kind")
	_, _, err = parseRotaCSV(nil)
	assert.ErrorContains(t, err, "empty")
	_, _, err = parseRotaCSV([]byte("agent,date,kind\n" + strings.Repeat("a,2026-12-24,off\n", maxRotaLines+1)))
	assert.ErrorIs(t, err, errRotaTooMany)

	_, err = parseRotaJSON([]byte(`{"agent":"a"}`))
	assert.Error(t, err)
	_, err = parseRotaJSON([]byte(`[{"agent":"a","date":"2026-12-24","kind":"off","colour":"red"}]`))
	assert.Error(t, err, "an unknown field is refused")
	got, err := parseRotaJSON([]byte(`[{"agent":"a","date":"2026-12-24","kind":"off"}]`))
	require.NoError(t, err)
	assert.Equal(t, []rotaLine{{line: 1, day: shared.RotaDay{Agent: "a", Date: "2026-12-24", Kind: "off"}}}, got)
}
