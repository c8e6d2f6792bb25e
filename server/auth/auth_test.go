package auth

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPasswordHash(t *testing.T) {
	h1, err := HashPassword("correct horse")
	require.NoError(t, err)
	h2, err := HashPassword("correct horse")
	require.NoError(t, err)
	assert.NotEqual(t, h1, h2, "every hash has its own salt")
	assert.True(t, strings.HasPrefix(h1, "$argon2id$v=19$m=19456,t=2,p=1$"), h1)

	ok, err := CheckPassword(h1, "correct horse")
	require.NoError(t, err)
	assert.True(t, ok)
	ok, err = CheckPassword(h1, "correct horsE")
	require.NoError(t, err)
	assert.False(t, ok)

	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=999999999,t=1,p=1$AA$AA", "$argon2id$v=19$m=8,t=1,p=1$!!$AA"} {
		_, err := CheckPassword(bad, "x")
		assert.ErrorIs(t, err, ErrBadHash, bad)
	}
}

func TestThrottleBacksOffAndForgets(t *testing.T) {
	th := newThrottle(2, time.Second, 8*time.Second)
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	th.fail("k", now)
	th.fail("k", now)
	assert.Zero(t, th.wait("k", now), "the free failures do not throttle")
	th.fail("k", now)
	assert.Equal(t, time.Second, th.wait("k", now))
	th.fail("k", now)
	assert.Equal(t, 2*time.Second, th.wait("k", now))
	for i := 0; i < 10; i++ {
		th.fail("k", now)
	}
	assert.Equal(t, 8*time.Second, th.wait("k", now), "capped at max")
	assert.Zero(t, th.wait("k", now.Add(9*time.Second)))
	assert.Zero(t, th.wait("other", now))
	th.succeed("k")
	assert.Zero(t, th.wait("k", now))
}
