package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// runRate is the floor run: N clients, R events/s, then the raw floor at R
// to one client, then (-raw-fanout) to N clients.
func runRate(ctx context.Context, o options, tmp string) error {
	teams := teamsFor(o.agents)
	fmt.Printf("load: %d clients, %d events/s for %s over %d agents in %d teams\n", o.clients, o.rate, o.duration, o.agents, teams)
	srv, err := startServer(ctx, o.bin, o.web, filepath.Join(tmp, "server"), strings.Fields(o.serverArgs)...)
	if err != nil {
		return err
	}
	defer srv.stop()
	// One event per agent first, so every agent and team exists (a team
	// topic of a team never seen is unknown).
	p := newPoster(srv.url)
	warm, err := p.warmUp(ctx, o.agents, teams)
	if err != nil {
		return err
	}
	if _, err := waitApplied(ctx, srv, uint64(warm), 60*time.Second); err != nil {
		return err
	}
	idle, err := sample(srv.pid())
	if err != nil {
		return err
	}
	dialStart := time.Now()
	fl, err := openFleet(ctx, srv.url, srv.header(), o.clients, o.agents, teams)
	if err != nil {
		fl.close()
		return err
	}
	fmt.Printf("load: %d clients subscribed in %s\n", o.clients, time.Since(dialStart).Round(time.Millisecond))
	withClients, err := sample(srv.pid())
	if err != nil {
		return err
	}

	// The first seconds after the clients are in pay one-time costs: each
	// connection's first frame, buffers growing on both sides, the burst of
	// first achievements. They are run but not measured (-warmup 0 measures
	// them too; -timeline shows every second either way).
	if o.warmup > 0 {
		fmt.Printf("load: warming up for %s at %d events/s, not measured\n", o.warmup, o.rate)
		wu, err := p.paced(ctx, o.rate, o.warmup, o.agents, teams, "wu-")
		if err != nil {
			return fmt.Errorf("warm-up: %w", err)
		}
		warm += len(wu)
		if _, err := waitApplied(ctx, srv, uint64(warm), 60*time.Second); err != nil {
			return err
		}
		settle(&fl.frames, 5*time.Second)
	}
	framesBefore, bytesBefore := fl.frames.Load(), fl.bytes.Load()

	// Sample the server every 500 ms while the load runs.
	stopPeak := watchPeak(ctx, srv.pid())

	before, _ := sample(srv.pid())
	self0, _ := sample("self")
	start := time.Now()
	if o.timeline {
		fmt.Printf("load: posting from %s\n", start.UTC().Format("15:04:05.000"))
	}
	accepted, postErr := p.paced(ctx, o.rate, o.duration, o.agents, teams, eventPrefix)
	posted := time.Now()
	scored, applyErr := waitApplied(ctx, srv, uint64(warm+len(accepted)), 60*time.Second)
	settle(&fl.frames, 10*time.Second)
	after, _ := sample(srv.pid())
	self1, _ := sample("self")
	peak := max(stopPeak(), after.hwm)
	frames := fl.frames.Load() - framesBefore
	frameBytes := fl.bytes.Load() - bytesBefore
	arrivals := fl.close()
	if postErr != nil {
		return fmt.Errorf("posting: %w", postErr)
	}
	if applyErr != nil {
		return applyErr
	}
	ours, early, unknown := latencies(arrivals, accepted)
	if o.timeline {
		printTimeline(os.Stdout, arrivals, accepted, start)
	}
	window := scored.Sub(start).Seconds()

	var one, fan *rawRun // the raw floor's one client, and its fan-out (nil when not run)
	if !o.skipRaw {
		fmt.Println("load: raw floor at the same rate, 1 client")
		if one, err = rawAtRate(ctx, o, filepath.Join(tmp, "raw"), false); err != nil {
			return err
		}
		if o.rawFanout {
			fmt.Printf("load: raw floor at the same rate, fanned out to %d clients\n", o.clients)
			if fan, err = rawAtRate(ctx, o, filepath.Join(tmp, "raw-fanout"), true); err != nil {
				return err
			}
		}
	}
	// The raw column is the raw floor at the same load: the fan-out to as
	// many clients as ours when it ran, else its one client.
	base, what := fan, fmt.Sprintf("fanned out to the same %d clients", o.clients)
	if fan == nil {
		base, what = one, "1 client"
	}
	rawPct := func(p float64) float64 {
		if base == nil {
			return -1
		}
		return float64(pct(base.lat, p))
	}
	rawNum := func(f func(*rawRun) float64) float64 {
		if base == nil {
			return -1
		}
		return f(base)
	}
	rawStr := func(f func(*rawRun) string) string {
		if base == nil {
			return "-"
		}
		return f(base)
	}

	var t table
	t.add("accepted→frame p50", float64(pct(ours, 50)), rawPct(50), "dur")
	t.add("accepted→frame p99", float64(pct(ours, 99)), rawPct(99), "dur")
	t.add("accepted→frame p99.9", float64(pct(ours, 99.9)), rawPct(99.9), "dur")
	t.add("accepted→frame max", float64(pct(ours, 100)), rawPct(100), "dur")
	t.add("events/s scored (durable)", float64(len(accepted))/window, rawNum(func(r *rawRun) float64 { return r.rate }), "/s")
	rawFrames := -1.0 // one client's frames are no match for N clients'
	if fan != nil {
		rawFrames = fan.frameRate
	}
	t.add("frames/s delivered", float64(frames)/window, rawFrames, "/s")
	if fan != nil {
		d := func(p float64) string { return pct(one.lat, p).Round(time.Microsecond).String() }
		t.row("raw, 1 client alone: p50 / p99 / p99.9 / max", "-", fmt.Sprintf("%s / %s / %s / %s", d(50), d(99), d(99.9), d(100)))
	}
	t.note("frame size (mean)", fmt.Sprintf("%.0f B", float64(frameBytes)/max(1, float64(frames))))
	t.row("latency samples (timed frames)", fmt.Sprintf("%d (%d before the 202, %d unmatched)", len(ours), early, unknown),
		rawStr(func(r *rawRun) string { return strconv.Itoa(len(r.lat)) }))
	t.row("events posted / posting took", fmt.Sprintf("%d / %s", len(accepted), posted.Sub(start).Round(time.Millisecond)),
		rawStr(func(r *rawRun) string { return fmt.Sprintf("%d / %s", r.events, r.posting.Round(time.Millisecond)) }))
	t.row("server RSS idle / with clients", fmt.Sprintf("%.1f / %.1f MiB", mib(idle.rss), mib(withClients.rss)),
		rawStr(func(r *rawRun) string { return fmt.Sprintf("%.1f / %.1f MiB", mib(r.idle.rss), mib(r.withClients.rss)) }))
	perClient := func(idle, with procSample, n int) string {
		return fmt.Sprintf("%.1f KiB", float64(with.rss-idle.rss)/float64(n)/1024)
	}
	rawPerClient := "-"
	if fan != nil {
		rawPerClient = perClient(fan.idle, fan.withClients, fan.clients)
	}
	t.row("server RSS per idle client", perClient(idle, withClients, o.clients), rawPerClient)
	t.add("server RSS peak under load (VmHWM)", float64(peak), rawNum(func(r *rawRun) float64 { return float64(r.hwm) }), "MiB")
	t.add("server CPU under load (200% = both cores)", cpuPercent(before, after), rawNum(func(r *rawRun) float64 { return cpuPercent(r.before, r.after) }), "%")
	t.add("harness CPU under load", cpuPercent(self0, self1), rawNum(func(r *rawRun) float64 { return cpuPercent(r.self0, r.self1) }), "%")
	t.note("machine load average at end (other processes too)", loadAvg())
	t.note("drops: seq gaps / closes / slow closes / dial errors",
		fmt.Sprintf("%d / %d / %d / %d", fl.gaps.Load(), fl.closed.Load(), fl.slow.Load(), fl.errs.Load()))
	t.print(os.Stdout, fmt.Sprintf("Scorecast vs raw (JetStream→Badger→NATS→bare WebSocket, own process, %s), %d clients, %d events/s, %s after a %s warm-up",
		what, o.clients, o.rate, o.duration, o.warmup))

	fmt.Println()
	gib := float64(peak) / (1 << 30)
	verdict("RSS under 1 GiB", gib < 1, fmt.Sprintf("%.2f GiB peak", gib))
	switch {
	case fan != nil:
		ratio := float64(pct(ours, 99)) / float64(pct(fan.lat, 99))
		verdict("p99 within 2x raw p99 at that load", ratio <= 2, fmt.Sprintf("%.2fx (raw fanned out to %d clients)", ratio, o.clients))
		fmt.Printf("(reference) p99 vs the raw floor's one client: %.2fx\n", float64(pct(ours, 99))/float64(pct(one.lat, 99)))
	case one != nil:
		ratio := float64(pct(ours, 99)) / float64(pct(one.lat, 99))
		verdict("p99 within 2x raw p99", ratio <= 2, fmt.Sprintf("%.2fx (raw to 1 client; -raw-fanout=false)", ratio))
	}
	verdict("no drops", fl.gaps.Load() == 0 && fl.closed.Load() == 0 && fl.errs.Load() == 0, "")
	return nil
}

// rawRun is what one run of the raw floor measured at a rate.
type rawRun struct {
	clients       int             // its clients: 1, or as many as ours
	lat           []time.Duration // accepted→frame at its timed clients
	events        int             // events published (measured, after the warm-up)
	posting       time.Duration   // how long publishing them took
	rate          float64         // events/s committed
	frameRate     float64         // frames/s its clients read
	idle          procSample      // its process before the clients
	withClients   procSample      // and with them
	before, after procSample      // its process around the measured events
	self0, self1  procSample      // the harness around them
	hwm           int64           // its peak RSS under load
}

// rawAtRate runs the raw floor in its own process at o.rate for o.duration,
// after a warm-up as ours: to its one client, or with fanout to as many
// clients as ours, spread the same way (see rawHub).
func rawAtRate(ctx context.Context, o options, dir string, fanout bool) (*rawRun, error) {
	r, err := startRaw(ctx, dir, o.agents)
	if err != nil {
		return nil, err
	}
	defer r.stop()
	run := &rawRun{clients: 1}
	if run.idle, err = sample(r.pid()); err != nil {
		return nil, err
	}
	target := rawOne(r.url)
	if fanout {
		run.clients = o.clients
		target = rawFanoutTo(r.url, o.agents, teamsFor(o.agents))
	}
	dialStart := time.Now()
	c, err := dialRaw(ctx, run.clients, target)
	if err != nil {
		return nil, err
	}
	defer c.close()
	if fanout {
		fmt.Printf("load: %d raw clients connected in %s\n", run.clients, time.Since(dialStart).Round(time.Millisecond))
	}
	if run.withClients, err = sample(r.pid()); err != nil {
		return nil, err
	}
	warmed := 0
	if o.warmup > 0 {
		wu, err := r.paced(ctx, o.rate, o.warmup, 1_500_000_000)
		if err != nil {
			return nil, fmt.Errorf("raw warm-up: %w", err)
		}
		warmed = len(wu)
		if err := r.waitApplied(ctx, int64(warmed), 60*time.Second); err != nil {
			return nil, err
		}
		settle(&c.frames, 5*time.Second)
	}
	framesBefore := c.frames.Load()

	stopPeak := watchPeak(ctx, r.pid())
	defer stopPeak()

	run.before, _ = sample(r.pid())
	run.self0, _ = sample("self")
	start := time.Now()
	accepted, err := r.paced(ctx, o.rate, o.duration, 0)
	if err != nil {
		return nil, err
	}
	run.posting = time.Since(start)
	if err := r.waitApplied(ctx, int64(warmed+len(accepted)), 60*time.Second); err != nil {
		return nil, err
	}
	window := time.Since(start).Seconds()
	settle(&c.frames, 10*time.Second) // the last frames are a NATS hop and a write away
	run.after, _ = sample(r.pid())
	run.self1, _ = sample("self")
	run.hwm = max(stopPeak(), run.after.hwm)
	run.events = len(accepted)
	run.rate = float64(len(accepted)) / window
	run.frameRate = float64(c.frames.Load()-framesBefore) / window
	run.lat, _, _ = latencies(c.close(), accepted)
	return run, nil
}

// runThroughput posts as fast as the server takes events, then the raw
// floor with the same number of events.
func runThroughput(ctx context.Context, o options, tmp string) error {
	teams := teamsFor(o.agents)
	fmt.Printf("load: throughput, %d posters of 1,000-event NDJSON batches for %s over %d agents\n", o.workers, o.duration, o.agents)
	srv, err := startServer(ctx, o.bin, o.web, filepath.Join(tmp, "server"), strings.Fields(o.serverArgs)...)
	if err != nil {
		return err
	}
	defer srv.stop()
	p := newPoster(srv.url)
	before, _ := sample(srv.pid())
	start := time.Now()
	n, err := p.flood(ctx, o.duration, o.workers, o.agents, teams)
	if err != nil {
		return fmt.Errorf("posting: %w", err)
	}
	posted := time.Now()
	scored, err := waitApplied(ctx, srv, uint64(n), 3*time.Minute)
	if err != nil {
		return fmt.Errorf("%w; server log:\n%s", err, srv.logTail())
	}
	after, _ := sample(srv.pid())
	ours := float64(n) / scored.Sub(start).Seconds()

	rawRate := -1.0
	var rawBefore, rawAfter procSample
	if !o.skipRaw {
		fmt.Printf("load: raw floor, %d events as fast as it goes\n", n)
		r, err := startRaw(ctx, filepath.Join(tmp, "raw"), o.agents)
		if err != nil {
			return err
		}
		rawBefore, _ = sample(r.pid())
		d, err := r.flood(ctx, n)
		rawAfter, _ = sample(r.pid())
		r.stop()
		if err != nil {
			return err
		}
		rawRate = float64(n) / d.Seconds()
	}
	rawNum := func(v float64) float64 {
		if o.skipRaw {
			return -1
		}
		return v
	}
	var t table
	t.add("events/s scored and durable", ours, rawRate, "/s")
	t.add("events/s accepted by ingest", float64(n)/posted.Sub(start).Seconds(), -1, "/s")
	t.note("events", fmt.Sprintf("%d (posting %s, applied %s later)", n, posted.Sub(start).Round(time.Millisecond),
		scored.Sub(posted).Round(time.Millisecond)))
	t.add("server CPU (200% = both cores)", cpuPercent(before, after), rawNum(cpuPercent(rawBefore, rawAfter)), "%")
	t.add("server RSS peak (VmHWM)", float64(after.hwm), rawNum(float64(rawAfter.hwm)), "MiB")
	t.note("machine load average at end (other processes too)", loadAvg())
	t.print(os.Stdout, "Scorecast vs raw (JetStream→Badger→NATS, own process, no clients), max throughput")
	fmt.Println()
	if rawRate > 0 {
		target := min(50_000, rawRate/2)
		verdict("events/s ≥ min(50k, raw/2)", ours >= target, fmt.Sprintf("%.0f vs %.0f", ours, target))
	}
	return nil
}

func verdict(what string, ok bool, detail string) {
	v := "PASS"
	if !ok {
		v = "MISS"
	}
	fmt.Printf("target %-36s %s %s\n", what+":", v, detail)
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

// settle waits until a counter has not moved for 300 ms, at most limit.
func settle(c interface{ Load() int64 }, limit time.Duration) {
	deadline := time.Now().Add(limit)
	last := c.Load()
	still := time.Now()
	for time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		if n := c.Load(); n != last {
			last, still = n, time.Now()
		} else if time.Since(still) >= 300*time.Millisecond {
			return
		}
	}
}

// loadAvg is /proc/loadavg's 1- and 5-minute figures: on a shared 2-core
// machine, other processes' load shows in every latency here.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return "?"
	}
	return f[0] + " / " + f[1]
}
