package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// ingestKey is the key the server under test is started with.
const ingestKey = "load-ingest-key-0123456789"

// adminPassword is the admin's password on the server under test; the
// harness logs in with it for reads and the live socket.
const adminPassword = "load-admin-password-0123456789"

var liveLine = regexp.MustCompile(`Scorecast is live at (http://\S+)`)

// proc is a child process of the harness: its stderr goes to a log file,
// and a line on its stdout says where it listens.
type proc struct {
	cmd  *exec.Cmd
	done chan struct{} // closed when it has exited
	logs *os.File
}

// startProc starts cmd with its stderr in logPath and waits, at most 30 s,
// for a stdout line that live matches; it returns the line's submatches.
func startProc(ctx context.Context, cmd *exec.Cmd, logPath string, live *regexp.Regexp) (*proc, []string, error) {
	logs, err := os.Create(logPath)
	if err != nil {
		return nil, nil, fmt.Errorf("%s log: %w", cmd.Path, err)
	}
	cmd.Stderr = logs
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		logs.Close()
		return nil, nil, fmt.Errorf("%s stdout: %w", cmd.Path, err)
	}
	if err := cmd.Start(); err != nil {
		logs.Close()
		return nil, nil, fmt.Errorf("start %s: %w", cmd.Path, err)
	}
	p := &proc{cmd: cmd, done: make(chan struct{}), logs: logs}
	lines := make(chan []string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := live.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case lines <- m:
				default:
				}
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	go func() {
		_ = cmd.Wait()
		close(p.done)
	}()
	select {
	case m := <-lines:
		return p, m, nil
	case <-p.done:
		p.logs.Close()
		return nil, nil, fmt.Errorf("%s exited before listening; its log:\n%s", cmd.Path, p.logTail())
	case <-time.After(30 * time.Second):
		p.stop()
		return nil, nil, fmt.Errorf("%s did not say where it listens in 30 s; its log:\n%s", cmd.Path, p.logTail())
	case <-ctx.Done():
		p.stop()
		return nil, nil, ctx.Err()
	}
}

// stop ends the process with SIGTERM, then SIGKILL after 20 s.
func (p *proc) stop() {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(20 * time.Second):
		p.kill()
	}
	p.logs.Close()
}

func (p *proc) kill() {
	_ = p.cmd.Process.Kill()
	<-p.done
}

func (p *proc) pid() string { return strconv.Itoa(p.cmd.Process.Pid) }

// logTail is the end of the process's log (the harness's temporary
// directory, the log's home, is gone once it exits).
func (p *proc) logTail() string {
	b, err := os.ReadFile(p.logs.Name())
	if err != nil {
		return err.Error()
	}
	return string(b[max(0, len(b)-3000):])
}

// server is the scorecast binary running as a child process.
type server struct {
	*proc
	url    string
	cookie string // the admin's session, "" when the server has no sessions
}

// startServer runs bin on a free loopback port with a fresh data dir and
// waits until /readyz answers 200.
func startServer(ctx context.Context, bin, web, dir string, extra ...string) (*server, error) {
	args := append([]string{"--addr", "127.0.0.1:0", "--data", dir, "--web", web, "--log-level", "warn"}, extra...)
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "SCORECAST_INGEST_KEY="+ingestKey, "SCORECAST_ADMIN_PASSWORD="+adminPassword)
	p, m, err := startProc(ctx, cmd, dir+".log", liveLine)
	if err != nil {
		return nil, err
	}
	s := &server{proc: p, url: m[1]}
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(s.url + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				if err := s.login(); err != nil {
					s.stop()
					return nil, err
				}
				return s, nil
			}
		}
		if time.Now().After(deadline) {
			s.stop()
			return nil, fmt.Errorf("server not ready in 30 s (last: %v)", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// procSample is a process's memory and CPU time at one moment.
type procSample struct {
	at      time.Time
	rss     int64 // bytes
	hwm     int64 // peak RSS, bytes
	cpuTick int64 // user+system clock ticks
}

// clockTick is USER_HZ, 100 on Linux.
const clockTick = 100

// sample reads /proc/<pid>/status and /proc/<pid>/stat ("self" for this process).
func sample(pid string) (procSample, error) {
	s := procSample{at: time.Now()}
	status, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		return s, fmt.Errorf("read status of %s: %w", pid, err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		kb, _ := strconv.ParseInt(f[1], 10, 64)
		switch f[0] {
		case "VmRSS:":
			s.rss = kb << 10
		case "VmHWM:":
			s.hwm = kb << 10
		}
	}
	stat, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return s, fmt.Errorf("read stat of %s: %w", pid, err)
	}
	// The command name may hold spaces; fields count from after its ')'.
	rest := string(stat[strings.LastIndexByte(string(stat), ')')+2:])
	f := strings.Fields(rest)
	if len(f) < 13 {
		return s, fmt.Errorf("short stat of %s", pid)
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	s.cpuTick = utime + stime
	return s, nil
}

// cpuPercent is the CPU used between two samples, 100 = one core.
func cpuPercent(a, b procSample) float64 {
	d := b.at.Sub(a.at).Seconds()
	if d <= 0 {
		return 0
	}
	return float64(b.cpuTick-a.cpuTick) / clockTick / d * 100
}

// raiseOpenFiles lifts the soft open-files limit to the hard one: 10,000
// WebSocket clients need 10,000 descriptors.
func raiseOpenFiles() (uint64, error) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return 0, fmt.Errorf("getrlimit: %w", err)
	}
	lim.Cur = lim.Max
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return 0, fmt.Errorf("setrlimit: %w", err)
	}
	return lim.Cur, nil
}

// login opens an admin session; a server without sessions (404) needs none.
func (s *server) login() error {
	body := `{"user":"admin","password":"` + adminPassword + `"}`
	req, err := http.NewRequest(http.MethodPost, s.url+"/api/v1/session", strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", s.url)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("log in: %w", err)
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK, http.StatusNoContent, http.StatusCreated:
	case http.StatusNotFound, http.StatusMethodNotAllowed:
		return nil
	default:
		out, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("log in: %d %.300s", resp.StatusCode, out)
	}
	var parts []string
	for _, c := range resp.Cookies() {
		parts = append(parts, c.Name+"="+c.Value)
	}
	s.cookie = strings.Join(parts, "; ")
	return nil
}

// header is what every read and live socket of the harness carries.
func (s *server) header() http.Header {
	h := http.Header{}
	if s.cookie != "" {
		h.Set("Cookie", s.cookie)
	}
	h.Set("Origin", s.url)
	return h
}
