package e2e

import (
	"bytes"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestUIAdminRoster: a CSV roster is dry-run first (changes and errors by
// line, nothing saved), then applied. Skipped while the server has no
// roster import.
func TestUIAdminRoster(t *testing.T) {
	s := startServer(t, "")
	req, err := http.NewRequest(http.MethodPost, s.URL+"/api/v1/roster?dry_run=true", bytes.NewReader([]byte("id,name,role,team,password\n")))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "text/csv")
	req.Header.Set("Origin", s.URL)
	resp, err := s.admin().c.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusMethodNotAllowed {
		t.Skipf("POST /api/v1/roster answers %d: not there yet", resp.StatusCode)
	}

	ctx := newBrowser(t, 1600, 1000)
	loginBrowser(t, ctx, s, "admin", adminPassword)
	open(t, ctx, s.URL+"/admin?tab=roster", "#admin")
	waitJS(t, ctx, uiWait, `!!document.querySelector("#users-table tr[data-user=admin]")`, true)
	setValue(t, ctx, "#roster-csv", "id,name,role,team,password\na-new,Kim Berg,agent,t-north,change-me-please\nbad line")
	click(t, ctx, "#roster-dry")
	waitJS(t, ctx, uiWait, `!!document.getElementById("roster-result")`, true)
	assert.Equal(t, "false", js[string](t, ctx, `document.getElementById("roster-result").dataset.applied`))
	waitJS(t, ctx, uiWait, `!!document.querySelector("#roster-errors li[data-line='3']")`, true)
	assert.False(t, js[bool](t, ctx, `!!document.querySelector("#users-table tr[data-user=a-new]")`), "a dry run saved")

	setValue(t, ctx, "#roster-csv", "id,name,role,team,password\na-new,Kim Berg,agent,t-north,change-me-please")
	click(t, ctx, "#roster-dry")
	waitJS(t, ctx, uiWait, `!!document.querySelector("#roster-changes tr[data-action=create]")`, true)
	click(t, ctx, "#roster-apply")
	waitJS(t, ctx, uiWait, `(document.getElementById("roster-result")||{dataset:{}}).dataset.applied`, "true")
	waitJS(t, ctx, uiWait, `!!document.querySelector("#users-table tr[data-user=a-new]")`, true)
}
