package e2e

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestUIAdminRoster: a CSV roster is dry-run first (changes and errors by
// line, nothing saved), then applied.
func TestUIAdminRoster(t *testing.T) {
	s := startServer(t, "")
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
