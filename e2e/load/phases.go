package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// runRate is the floor run: N clients, R events/s, then the raw floor at R.
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
	var peak sampleMax
	sctx, stopSampling := context.WithCancel(ctx)
	var sampling sync.WaitGroup
	sampling.Go(func() { peak.run(sctx, srv.pid()) })

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
	stopSampling()
	sampling.Wait()
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

	var rawLat []time.Duration
	rawRate := -1.0
	var rawRes rawResult
	if !o.skipRaw {
		fmt.Println("load: raw baseline at the same rate")
		rawRes, err = rawAtRate(ctx, o, filepath.Join(tmp, "raw"), false)
		if err != nil {
			return err
		}
		rawLat, rawRate = rawRes.one, rawRes.rate
		if o.rawFanout {
			// A run of its own, so the baseline above stays the one client's.
			fanRes, err := rawAtRate(ctx, o, filepath.Join(tmp, "raw-fanout"), true)
			if err != nil {
				return err
			}
			rawRes.fanout, rawRes.frames = fanRes.fanout, fanRes.frames
		}
	}
	rawPct := func(p float64) float64 {
		if rawLat == nil {
			return -1
		}
		return float64(pct(rawLat, p))
	}

	var t table
	t.add("accepted→frame p50", float64(pct(ours, 50)), rawPct(50), "dur")
	t.add("accepted→frame p99", float64(pct(ours, 99)), rawPct(99), "dur")
	t.add("accepted→frame p99.9", float64(pct(ours, 99.9)), rawPct(99.9), "dur")
	t.add("accepted→frame max", float64(pct(ours, 100)), rawPct(100), "dur")
	t.add("events/s scored (durable)", float64(len(accepted))/window, rawRate, "/s")
	t.add("frames/s delivered", float64(frames)/scored.Sub(start).Seconds(), -1, "/s")
	if rawRes.fanout != nil {
		fan := func(p float64) string { return pct(rawRes.fanout, p).Round(time.Microsecond).String() }
		t.note(fmt.Sprintf("raw fan-out to the same %d clients: p50 / p99 / p99.9", o.clients),
			fmt.Sprintf("%s / %s / %s", fan(50), fan(99), fan(99.9)))
		t.note("raw fan-out: frames/s", fmt.Sprintf("%.0f /s", float64(rawRes.frames)/o.duration.Seconds()))
	}
	t.note("frame size (mean)", fmt.Sprintf("%.0f B", float64(frameBytes)/max(1, float64(frames))))
	t.note("latency samples (points frames)", fmt.Sprintf("%d (%d before the 202, %d unmatched)", len(ours), early, unknown))
	t.note("events posted / posting took", fmt.Sprintf("%d / %s", len(accepted), posted.Sub(start).Round(time.Millisecond)))
	t.note("server RSS idle / with clients", fmt.Sprintf("%.1f / %.1f MiB", mib(idle.rss), mib(withClients.rss)))
	t.note("server RSS per idle client", fmt.Sprintf("%.1f KiB", float64(withClients.rss-idle.rss)/float64(o.clients)/1024))
	t.note("server RSS peak under load (VmHWM)", fmt.Sprintf("%.1f MiB", mib(max(peak.hwm, after.hwm))))
	t.note("server CPU under load (200% = both cores)", fmt.Sprintf("%.0f%%", cpuPercent(before, after)))
	t.note("harness CPU under load", fmt.Sprintf("%.0f%%", cpuPercent(self0, self1)))
	t.note("machine load average at end (other processes too)", loadAvg())
	t.note("drops: seq gaps / closes / slow closes / dial errors",
		fmt.Sprintf("%d / %d / %d / %d", fl.gaps.Load(), fl.closed.Load(), fl.slow.Load(), fl.errs.Load()))
	t.print(os.Stdout, fmt.Sprintf("Scorecast vs raw (JetStream→Badger→NATS→bare WebSocket, 1 client), %d clients, %d events/s, %s after a %s warm-up",
		o.clients, o.rate, o.duration, o.warmup))

	fmt.Println()
	gib := float64(max(peak.hwm, after.hwm)) / (1 << 30)
	verdict("RSS under 1 GiB", gib < 1, fmt.Sprintf("%.2f GiB peak", gib))
	if rawLat != nil {
		ratio := float64(pct(ours, 99)) / float64(pct(rawLat, 99))
		verdict("p99 within 2x raw p99", ratio <= 2, fmt.Sprintf("%.2fx", ratio))
	}
	if rawRes.fanout != nil {
		ratio := float64(pct(ours, 99)) / float64(pct(rawRes.fanout, 99))
		fmt.Printf("(not a target) p99 vs the raw fan-out to the same clients: %.2fx\n", ratio)
	}
	verdict("no drops", fl.gaps.Load() == 0 && fl.closed.Load() == 0 && fl.errs.Load() == 0, "")
	return nil
}

// rawResult is what the raw floor measured at a rate: latencies at its one
// client, and at the fan-out to a fleet like ours (nil when not run).
type rawResult struct {
	one, fanout []time.Duration
	rate        float64
	frames      int64 // frames the fan-out clients read
}

// rawAtRate runs the raw floor at o.rate for o.duration: its one client,
// and with fanout also the same number of clients as ours, spread the same
// way (see rawFanout); the one client then shares the machine with them.
func rawAtRate(ctx context.Context, o options, dir string, fanout bool) (rawResult, error) {
	var res rawResult
	r, err := startRaw(ctx, dir)
	if err != nil {
		return res, err
	}
	var fan *rawFanout
	if fanout {
		fmt.Printf("load: raw fan-out to %d clients\n", o.clients)
		teams := teamsFor(o.agents)
		if fan, err = startRawFanout(ctx, r.live, o.clients, o.agents, teams, 250*time.Millisecond); err != nil {
			r.close()
			return res, err
		}
	}
	stop := func() {
		if fan != nil {
			fan.close()
		}
		r.close()
	}
	warmed := 0
	if o.warmup > 0 {
		wu, err := r.paced(ctx, o.rate, o.warmup, 1_500_000_000)
		if err != nil {
			stop()
			return res, err
		}
		warmed = len(wu)
	}
	var framesBefore int64
	if fan != nil {
		framesBefore = fan.frames.Load()
	}
	start := time.Now()
	accepted, err := r.paced(ctx, o.rate, o.duration, 0)
	if err != nil {
		stop()
		return res, err
	}
	if err := r.waitApplied(warmed+len(accepted), 60*time.Second); err != nil {
		stop()
		return res, err
	}
	done := time.Now()
	res.rate = float64(len(accepted)) / done.Sub(start).Seconds()
	if fan != nil {
		settle(&fan.frames, 10*time.Second)
		res.frames = fan.frames.Load() - framesBefore
		res.fanout, _, _ = latencies(fan.close(), accepted)
	} else {
		time.Sleep(200 * time.Millisecond) // the last frames are a NATS hop and a write away
	}
	res.one, _, _ = latencies(r.close(), accepted)
	return res, nil
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
		logs, _ := os.ReadFile(srv.logs.Name())
		return fmt.Errorf("%w; server log:\n%.3000s", err, logs)
	}
	after, _ := sample(srv.pid())
	ours := float64(n) / scored.Sub(start).Seconds()

	rawRate := -1.0
	if !o.skipRaw {
		fmt.Printf("load: raw baseline, %d events as fast as it goes\n", n)
		r, err := startRaw(ctx, filepath.Join(tmp, "raw"))
		if err != nil {
			return err
		}
		d, err := r.flood(ctx, n)
		r.close()
		if err != nil {
			return err
		}
		rawRate = float64(n) / d.Seconds()
	}
	var t table
	t.add("events/s scored and durable", ours, rawRate, "/s")
	t.add("events/s accepted by ingest", float64(n)/posted.Sub(start).Seconds(), -1, "/s")
	t.note("events", fmt.Sprintf("%d (posting %s, applied %s later)", n, posted.Sub(start).Round(time.Millisecond),
		scored.Sub(posted).Round(time.Millisecond)))
	t.note("server CPU (200% = both cores)", fmt.Sprintf("%.0f%%", cpuPercent(before, after)))
	t.note("server RSS peak (VmHWM)", fmt.Sprintf("%.1f MiB", mib(after.hwm)))
	t.note("machine load average at end (other processes too)", loadAvg())
	t.print(os.Stdout, "Scorecast vs raw (JetStream→Badger→NATS→bare WebSocket), max throughput")
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
	fmt.Printf("target %-28s %s %s\n", what+":", v, detail)
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

// sampleMax keeps the highest RSS seen.
type sampleMax struct {
	hwm int64
}

func (m *sampleMax) run(ctx context.Context, pid string) {
	t := time.NewTicker(500 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if s, err := sample(pid); err == nil {
				m.hwm = max(m.hwm, s.hwm, s.rss)
			}
		}
	}
}

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
