package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"scorecast/server/api/apitest"
	"scorecast/shared"
)

// ingestKey is the key every test server is started with.
const ingestKey = "e2e-ingest-key-0123456789"

// adminPassword is the admin password every test server is started with.
const adminPassword = "e2e-admin-password"

var binPath, webDir string

func TestMain(m *testing.M) {
	code, err := setup()
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e setup:", err)
		os.Exit(1)
	}
	if code >= 0 {
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// setup finds or builds the binary and app.wasm.
func setup() (int, error) {
	binPath, webDir = os.Getenv("SCORECAST_BIN"), os.Getenv("SCORECAST_WEB")
	if webDir == "" {
		abs, err := filepath.Abs("../web")
		if err != nil {
			return 1, err
		}
		webDir = abs
		if _, err := os.Stat(filepath.Join(webDir, "app.wasm")); err != nil {
			cmd := exec.Command("make", "-C", "..", "wasm")
			cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
			if err := cmd.Run(); err != nil {
				return 1, fmt.Errorf("build wasm: %w", err)
			}
		}
	}
	if binPath == "" {
		dir, err := os.MkdirTemp("", "scorecast-e2e-bin")
		if err != nil {
			return 1, err
		}
		binPath = filepath.Join(dir, "scorecast")
		cmd := exec.Command("go", "build", "-o", binPath, "../server")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return 1, fmt.Errorf("build server: %w", err)
		}
	}
	return -1, nil
}

// server is a running scorecast process.
type server struct {
	t    testing.TB
	URL  string
	Data string
	cmd  *exec.Cmd
	done chan struct{}
	logs *lockedBuffer
	// api checks every answer of the tests' clients against the OpenAPI
	// document this server serves.
	api *apitest.Validator

	adminOnce sync.Once
	adminC    *browserClient
}

// admin is a client logged in as the org's admin, for reading views.
func (s *server) admin() *browserClient {
	s.adminOnce.Do(func() { s.adminC = admin(s.t, s) })
	return s.adminC
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var liveLine = regexp.MustCompile(`Scorecast is live at (http://\S+)`)

// startServer runs the binary on a free port with data dir dir (a new temp
// dir when empty) and waits until /readyz answers 200.
func startServer(tb testing.TB, dir string, extra ...string) *server {
	tb.Helper()
	if dir == "" {
		dir = tb.TempDir()
	}
	args := append([]string{"--addr", "127.0.0.1:0", "--data", dir, "--web", webDir}, extra...)
	cmd := exec.Command(binPath, args...)
	cmd.Env = append(os.Environ(), "SCORECAST_INGEST_KEY="+ingestKey, "SCORECAST_ADMIN_PASSWORD="+adminPassword)
	stdout, err := cmd.StdoutPipe()
	require.NoError(tb, err)
	s := &server{t: tb, Data: dir, cmd: cmd, done: make(chan struct{}), logs: &lockedBuffer{}}
	cmd.Stderr = s.logs
	require.NoError(tb, cmd.Start())
	go func() {
		_ = cmd.Wait()
		close(s.done)
	}()
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			_, _ = s.logs.Write(append(sc.Bytes(), '\n'))
			if m := liveLine.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case urls <- m[1]:
				default:
				}
			}
		}
	}()
	tb.Cleanup(func() {
		s.Kill()
		if tb.Failed() {
			tb.Logf("server log:\n%s", s.logs.String())
		}
	})
	select {
	case s.URL = <-urls:
	case <-s.done:
		tb.Fatalf("server exited before listening:\n%s", s.logs.String())
	case <-time.After(30 * time.Second):
		tb.Fatalf("server did not print its URL in 30 s:\n%s", s.logs.String())
	}
	s.waitReady()
	s.loadDocument()
	return s
}

func (s *server) waitReady() {
	s.t.Helper()
	require.EventuallyWithT(s.t, func(c *assert.CollectT) {
		resp, err := http.Get(s.URL + "/readyz")
		require.NoError(c, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		assert.Equal(c, http.StatusOK, resp.StatusCode, "readyz: %s", b)
	}, 30*time.Second, pollEvery)
}

// Kill ends the process with SIGKILL, as a crash would.
func (s *server) Kill() {
	if s.cmd.Process != nil {
		_ = s.cmd.Process.Kill()
	}
	<-s.done
}

// Stop ends the process with SIGTERM and waits for a clean exit.
func (s *server) Stop() {
	s.t.Helper()
	require.NoError(s.t, s.cmd.Process.Signal(syscall.SIGTERM))
	select {
	case <-s.done:
	case <-time.After(20 * time.Second):
		s.t.Fatalf("server did not stop within 20 s of SIGTERM:\n%s", s.logs.String())
	}
	require.Equal(s.t, 0, s.cmd.ProcessState.ExitCode(), "exit code after SIGTERM; log:\n%s", s.logs.String())
}

// pollEvery is how often the tests' require.Eventually and
// require.EventuallyWithT, the one way these tests wait for something,
// look again. A condition runs on a goroutine of its own: what it finds
// goes to its CollectT, and what it hands back is read once it has passed.
const pollEvery = 50 * time.Millisecond

// event is an event as a source system sends it.
type event struct {
	ID      string            `json:"id"`
	Type    string            `json:"type"`
	Agent   string            `json:"agent"`
	Time    time.Time         `json:"time"`
	Team    string            `json:"team,omitempty"`
	Metrics map[string]any    `json:"metrics,omitempty"`
	Attrs   map[string]string `json:"attrs,omitempty"`
}

// post sends body to the ingest API and returns the status and body.
func (s *server) post(contentType string, body []byte, key string) (int, []byte) {
	s.t.Helper()
	req, err := http.NewRequest(http.MethodPost, s.URL+"/api/v1/events", bytes.NewReader(body))
	require.NoError(s.t, err)
	req.Header.Set("Content-Type", contentType)
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := s.client(s.t).Do(req)
	require.NoError(s.t, err)
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	require.NoError(s.t, err)
	return resp.StatusCode, out
}

// ingest posts events as a JSON array and requires a 202.
func (s *server) ingest(events ...event) shared.IngestResult {
	s.t.Helper()
	body, err := json.Marshal(events)
	require.NoError(s.t, err)
	status, out := s.post("application/json", body, ingestKey)
	require.Equal(s.t, http.StatusAccepted, status, "ingest answered %s", out)
	var res shared.IngestResult
	require.NoError(s.t, json.Unmarshal(out, &res))
	return res
}

// getJSON reads path as the admin.
func (s *server) getJSON(path string, v any) int {
	s.t.Helper()
	status, out := s.admin().do(http.MethodGet, path, nil)
	if v != nil && status == http.StatusOK {
		require.NoError(s.t, json.Unmarshal(out, v))
	}
	return status
}

func (s *server) agent(id string) shared.AgentView {
	s.t.Helper()
	var v shared.AgentView
	require.Equal(s.t, http.StatusOK, s.getJSON("/api/v1/agents/"+id, &v))
	return v
}

// waitAgent polls the agent's view until ok accepts it.
func (s *server) waitAgent(id string, ok func(shared.AgentView) bool) shared.AgentView {
	s.t.Helper()
	var v shared.AgentView
	require.EventuallyWithT(s.t, func(c *assert.CollectT) {
		v = s.agent(id)
		assert.True(c, ok(v), "agent %s is %+v", id, v)
	}, 10*time.Second, pollEvery)
	return v
}

var idCounter struct {
	sync.Mutex
	n int
}

// newID returns an event id unique within the test binary's run.
func newID(prefix string) string {
	idCounter.Lock()
	defer idCounter.Unlock()
	idCounter.n++
	return fmt.Sprintf("%s-%d-%d", strings.ReplaceAll(prefix, "/", "-"), time.Now().UnixNano(), idCounter.n)
}

func ticket(agent, team string, fcr bool) event {
	return event{ID: newID("tk"), Type: "ticket.solved", Agent: agent, Team: team, Time: time.Now().UTC(),
		Metrics: map[string]any{"handle_seconds": 240, "first_contact_resolution": fcr}, Attrs: map[string]string{"channel": "email"}}
}

func training(agent, team string) event {
	return event{ID: newID("tr"), Type: "training.completed", Agent: agent, Team: team, Time: time.Now().UTC()}
}

func withContext(tb testing.TB, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	tb.Cleanup(cancel)
	return ctx
}

// survey is a 5-star CSAT survey: quality points with no daily cap, so a
// test can repeat it as often as it needs.
func survey(agent, team string) event {
	return event{ID: newID("sv"), Type: "survey.completed", Agent: agent, Team: team, Time: time.Now().UTC(),
		Metrics: map[string]any{"csat": 5}}
}
