package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// The runtime's knobs have defaults sized for 10k clients, and a value
// that means nothing is refused with the flag's name rather than left to
// the runtime to read as "off".
func TestRuntimeOptions(t *testing.T) {
	t.Setenv("SCORECAST_GC_PERCENT", "")
	t.Setenv("SCORECAST_MEM_LIMIT_MIB", "")
	o, err := parseOptions(nil)
	require.NoError(t, err)
	require.Equal(t, defaultGCPercent, o.gcPercent)
	require.Equal(t, int64(defaultMemLimitMiB), o.memLimit)

	o, err = parseOptions([]string{"--gc-percent", "0", "--mem-limit-mib", "0"})
	require.NoError(t, err)
	require.Zero(t, o.gcPercent)
	require.Zero(t, o.memLimit)

	_, err = parseOptions([]string{"--gc-percent", "-1"})
	require.ErrorContains(t, err, "--gc-percent may not be negative")
	_, err = parseOptions([]string{"--mem-limit-mib", "-5"})
	require.ErrorContains(t, err, "--mem-limit-mib may not be negative")
}
