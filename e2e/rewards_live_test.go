package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/shared"
)

// rewardsNextKind returns the data of the next message of kind on topic,
// skipping others.
func rewardsNextKind(t *testing.T, ctx context.Context, c *liveClient, topic, kind string) json.RawMessage {
	t.Helper()
	for {
		m := c.nextOn(ctx, topic)
		if m.Kind == kind {
			return m.Data
		}
	}
}

// TestRewardsLive follows the receiver's topic and the org feed: kudos
// reach both (the feed without someone who chose to be hidden), a wallet
// change and a redemption reach the agent, a spotlight the org; a
// supervisor hides a message and the feed says so.
func TestRewardsLive(t *testing.T) {
	s := rewardsServer(t, "")
	agents, sup := rewardsPeople(t, s, "t-live", "rl", 2)
	ctx := withContext(t, time.Minute)
	mine := dialAs(t, ctx, s, agents[1], "")
	mine.subscribe(ctx, shared.AgentTopic("rl-2"), nil)
	require.Equal(t, shared.KindSnapshot, mine.nextOn(ctx, shared.AgentTopic("rl-2")).Kind)
	feed := dialLive(t, ctx, s)
	feed.subscribe(ctx, shared.TopicOrg, nil)
	require.Equal(t, shared.KindSnapshot, feed.nextOn(ctx, shared.TopicOrg).Kind)

	status, out := rewardsCall(t, agents[0], http.MethodPost, "/api/v1/kudos", shared.KudosRequest{To: "rl-2", Value: "customer_first", Message: "great save"}, "")
	require.Equal(t, http.StatusCreated, status, string(out))
	var kd shared.KudosData
	require.NoError(t, json.Unmarshal(rewardsNextKind(t, ctx, mine, shared.AgentTopic("rl-2"), shared.KindKudos), &kd))
	assert.Equal(t, "rl-1", kd.Kudos.From)
	assert.Equal(t, "Agent rl 1", kd.Kudos.FromName)
	assert.Equal(t, "customer_first", kd.Kudos.Value)
	assert.Equal(t, "great save", kd.Kudos.Message)
	require.NoError(t, json.Unmarshal(rewardsNextKind(t, ctx, feed, shared.TopicOrg, shared.KindKudos), &kd))
	assert.Equal(t, "rl-2", kd.Kudos.To)
	assert.Equal(t, "t-live", kd.Kudos.Team)

	rewardsGive(t, s, "rl-2", 200)
	var wd shared.WalletData
	require.NoError(t, json.Unmarshal(rewardsNextKind(t, ctx, mine, shared.AgentTopic("rl-2"), shared.KindWallet), &wd))
	assert.EqualValues(t, 200, wd.Balance)
	assert.Equal(t, "adjust", wd.Entry.Reason)

	rewardsItem(t, s, "coffee", 60, -1, false)
	status, out = rewardsCall(t, agents[1], http.MethodPost, "/api/v1/redemptions", shared.RedemptionRequest{Item: "coffee"}, "")
	require.Equal(t, http.StatusCreated, status, string(out))
	var rd shared.Redemption
	require.NoError(t, json.Unmarshal(rewardsNextKind(t, ctx, mine, shared.AgentTopic("rl-2"), shared.KindRedemption), &rd))
	assert.Equal(t, "approved", rd.Status)
	assert.EqualValues(t, 140, rd.Balance)

	status, out = rewardsCall(t, sup, http.MethodPost, "/api/v1/spotlights", shared.SpotlightRequest{Agent: "rl-2", Title: "Agent of the month", Message: "for the saves", Period: "2026-12"}, "")
	require.Equal(t, http.StatusCreated, status, string(out))
	var sp shared.Spotlight
	require.NoError(t, json.Unmarshal(rewardsNextKind(t, ctx, feed, shared.TopicOrg, shared.KindSpotlight), &sp))
	assert.Equal(t, "rl-2", sp.Agent)
	assert.Equal(t, "Agent of the month", sp.Title)

	// A supervisor hides the message: the feed sends the kudos again, hidden.
	status, out = rewardsCall(t, sup, http.MethodPost, "/api/v1/kudos/"+kd.Kudos.ID+"/hide", shared.HideKudos{Reason: "test"}, "")
	require.Equal(t, http.StatusOK, status, string(out))
	kd = shared.KudosData{}
	require.NoError(t, json.Unmarshal(rewardsNextKind(t, ctx, feed, shared.TopicOrg, shared.KindKudos), &kd))
	assert.True(t, kd.Kudos.Hidden)
	assert.Empty(t, kd.Kudos.Message)

	// Someone who chose to be hidden is left out of the feed's kudos.
	peopleSetAppear(t, agents[1], shared.AppearHidden)
	status, out = rewardsCall(t, agents[0], http.MethodPost, "/api/v1/kudos", shared.KudosRequest{To: "rl-2", Value: "helpful"}, "")
	require.Equal(t, http.StatusCreated, status, string(out))
	kd = shared.KudosData{}
	require.NoError(t, json.Unmarshal(rewardsNextKind(t, ctx, feed, shared.TopicOrg, shared.KindKudos), &kd))
	assert.Empty(t, kd.Kudos.To)
	assert.Empty(t, kd.Kudos.ToName)
	assert.Equal(t, "rl-1", kd.Kudos.From)

	// The candidates of the month name rl-2 for the kudos received, with
	// the count; spotlights stay on the agent's profile.
	var cands shared.CandidatesAnswer
	status, out = rewardsCall(t, sup, http.MethodGet, "/api/v1/spotlights/candidates", nil, "")
	require.Equal(t, http.StatusOK, status, string(out))
	require.NoError(t, json.Unmarshal(out, &cands))
	assert.Contains(t, cands.Candidates, shared.Candidate{Agent: "rl-2", Name: "Agent rl 2", Team: "t-live", Reason: "kudos", Figure: 2})
	var sps shared.SpotlightsAnswer
	status, out = rewardsCall(t, agents[1], http.MethodGet, "/api/v1/spotlights?agent=rl-2", nil, "")
	require.Equal(t, http.StatusOK, status, string(out))
	require.NoError(t, json.Unmarshal(out, &sps))
	require.Len(t, sps.Spotlights, 1)
}
