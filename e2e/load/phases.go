package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// runRate is the floor run: N clients at R events/s on our server and on
// the raw floor fanned out to as many bare clients, taking turns for
// -rounds rounds, then the raw floor at R to one client for reference.
//
// Turns, because these machines are noisy: a tail that a neighbour or a
// background flush puts into one stretch would otherwise land on one side
// only. Each side's latencies are pooled over its rounds.
func runRate(ctx context.Context, o options, tmp string) error {
	teams := teamsFor(o.agents)
	rounds := max(1, o.rounds)
	each := o.duration / time.Duration(rounds)
	fmt.Printf("load: %d clients, %d events/s for %s over %d agents in %d teams, in %d rounds of %s a side\n",
		o.clients, o.rate, o.duration, o.agents, teams, rounds, each.Round(time.Millisecond))
	srv, err := startServer(ctx, o.bin, o.web, filepath.Join(tmp, "server"), strings.Fields(o.serverArgs)...)
	if err != nil {
		return err
	}
	defer srv.stop()
	// One event per agent first, so every agent and team exists (a team
	// topic of a team never seen is unknown).
	p := newPoster(srv.url, o.csat)
	warm, err := p.warmUp(ctx, o.agents, teams)
	if err != nil {
		return err
	}
	if _, err := waitApplied(ctx, srv, uint64(warm), 60*time.Second); err != nil {
		return err
	}
	ours := &ourRun{posted: warm}
	if ours.idle, err = sample(srv.pid()); err != nil {
		return err
	}
	fan := &rawRun{clients: o.clients}
	var fanFloor *raw
	if !o.skipRaw && o.rawFanout {
		// One process for every round, as ours is: its Badger fills and
		// flushes, its stream grows and its heap ages over the rounds as
		// our server's do. (A process per round never flushed a memtable.)
		if fanFloor, err = startRaw(ctx, filepath.Join(tmp, "raw-fanout"), o.agents, o.rawFrame); err != nil {
			return err
		}
		defer fanFloor.stop()
	}
	var perRound []roundP99
	for r := range rounds {
		if rounds > 1 {
			fmt.Printf("load: round %d of %d\n", r+1, rounds)
		}
		st, err := ours.round(ctx, o, srv, p, r, each)
		if err != nil {
			return err
		}
		if o.skipRaw || !o.rawFanout {
			continue
		}
		fmt.Printf("load: raw floor at the same rate, fanned out to %d clients\n", o.clients)
		rst, err := rawAtRate(ctx, o, fanFloor, fan, r, each)
		if err != nil {
			return err
		}
		perRound = append(perRound, roundP99{ours: pct(st.lat, 99), raw: pct(rst.lat, 99), collections: st.collections})
	}
	var one *rawRun // the raw floor's one client, for reference
	if !o.skipRaw {
		fmt.Println("load: raw floor at the same rate, 1 client")
		one = &rawRun{clients: 1}
		floor, err := startRaw(ctx, filepath.Join(tmp, "raw"), o.agents, o.rawFrame)
		if err != nil {
			return err
		}
		_, err = rawAtRate(ctx, o, floor, one, 0, o.duration)
		floor.stop()
		if err != nil {
			return err
		}
	}
	if fan.events == 0 {
		fan = nil
	}
	report(o, ours, fan, one, perRound)
	return nil
}

// roundP99 is one round's p99 on each side, and how many collections our
// server made while its side was measured.
type roundP99 struct {
	ours, raw   time.Duration
	collections uint64
}

func plural(n uint64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.FormatUint(n, 10) + " " + noun + "s"
}

// stretch is what one side measured: one round, or its rounds pooled.
type stretch struct {
	lat            []time.Duration // accepted→frame at the timed clients, sorted once pooled
	early, unknown int             // frames before their 202 (counted as 0), frames of no posted event
	events         int             // events posted and measured
	posting        time.Duration   // how long posting them took
	window         time.Duration   // from the first post to the last event committed
	frames, bytes  int64           // frames the clients read, and their bytes
	cpu, harness   float64         // CPU seconds over cpuSpan: the server's, the harness's
	cpuSpan        time.Duration
	hwm            int64     // peak RSS under load
	published      histogram // ours only: the server's stored→published times of the stretch
	collections    uint64    // ours only: the server's garbage collections in the stretch
	yielded        uint64    // ours only: board and team states that waited for queued frames
	allocated      uint64    // ours only: bytes the server allocated in the stretch
}

func (s *stretch) add(t *stretch) {
	s.lat = append(s.lat, t.lat...)
	slices.Sort(s.lat)
	s.early += t.early
	s.unknown += t.unknown
	s.events += t.events
	s.posting += t.posting
	s.window += t.window
	s.frames += t.frames
	s.bytes += t.bytes
	s.cpu += t.cpu
	s.harness += t.harness
	s.cpuSpan += t.cpuSpan
	s.hwm = max(s.hwm, t.hwm)
	s.published.add(t.published)
	s.collections += t.collections
	s.yielded += t.yielded
	s.allocated += t.allocated
}

func (s *stretch) perSecond(n float64) float64    { return n / max(s.window.Seconds(), 1e-9) }
func (s *stretch) cpuPercent(sec float64) float64 { return sec / max(s.cpuSpan.Seconds(), 1e-9) * 100 }

// cpuOver sets cpu, harness and cpuSpan from samples of the process and of
// the harness taken around the stretch.
func (s *stretch) cpuOver(before, after, self0, self1 procSample) {
	s.cpu = float64(after.cpuTick-before.cpuTick) / clockTick
	s.harness = float64(self1.cpuTick-self0.cpuTick) / clockTick
	s.cpuSpan = after.at.Sub(before.at)
}

// ourRun is our server's side of the run.
type ourRun struct {
	stretch
	idle, withClients        procSample // the server before the first fleet, and with it
	posted                   int        // events posted to the server so far, warm-ups included
	gaps, closed, slow, errs int64      // drops, over every round (see fleet)
}

// round opens a fleet on our server, warms up, measures d at o.rate, and
// closes the fleet. Round r's events have ids of their own: the stream
// drops an id it has seen.
func (u *ourRun) round(ctx context.Context, o options, srv *server, p *poster, r int, d time.Duration) (*stretch, error) {
	teams := teamsFor(o.agents)
	dialStart := time.Now()
	fl, err := openFleet(ctx, srv.url, srv.header(), o.clients, o.agents, teams, fmt.Sprintf("ld%d-", r))
	if err != nil {
		fl.close()
		return nil, err
	}
	fmt.Printf("load: %d clients subscribed in %s\n", o.clients, time.Since(dialStart).Round(time.Millisecond))
	if r == 0 {
		if u.withClients, err = sample(srv.pid()); err != nil {
			fl.close()
			return nil, err
		}
	}
	// The first seconds after the clients are in pay one-time costs: each
	// connection's first frame, buffers growing on both sides, the burst of
	// first achievements. They are run but not measured (-warmup 0 measures
	// them too; -timeline shows every second either way).
	if o.warmup > 0 {
		fmt.Printf("load: warming up for %s at %d events/s, not measured\n", o.warmup, o.rate)
		wu, err := p.paced(ctx, o.rate, o.warmup, o.agents, teams, fmt.Sprintf("wu%d-", r))
		if err != nil {
			fl.close()
			return nil, fmt.Errorf("warm-up: %w", err)
		}
		u.posted += len(wu)
		if _, err := waitApplied(ctx, srv, uint64(u.posted), 60*time.Second); err != nil {
			fl.close()
			return nil, err
		}
		settle(&fl.frames, 5*time.Second)
	}
	framesBefore, bytesBefore := fl.frames.Load(), fl.bytes.Load()

	// Sample the server every 500 ms while the load runs.
	stopPeak := watchPeak(ctx, srv.pid())
	metBefore, metErr := readMetrics(ctx, srv.url)
	before, _ := sample(srv.pid())
	self0, _ := sample("self")
	start := time.Now()
	if o.timeline {
		fmt.Printf("load: posting from %s\n", start.UTC().Format("15:04:05.000"))
	}
	accepted, postErr := p.paced(ctx, o.rate, d, o.agents, teams, fl.prefix)
	posted := time.Now()
	u.posted += len(accepted)
	scored, applyErr := waitApplied(ctx, srv, uint64(u.posted), 60*time.Second)
	settle(&fl.frames, 10*time.Second)
	after, _ := sample(srv.pid())
	self1, _ := sample("self")
	st := &stretch{events: len(accepted), posting: posted.Sub(start), window: scored.Sub(start),
		frames: fl.frames.Load() - framesBefore, bytes: fl.bytes.Load() - bytesBefore, hwm: max(stopPeak(), after.hwm)}
	st.cpuOver(before, after, self0, self1)
	if metErr == nil {
		var metAfter serverMetrics
		if metAfter, metErr = readMetrics(ctx, srv.url); metErr == nil {
			st.published = metAfter.published.since(metBefore.published)
			st.collections = metAfter.collections - metBefore.collections // one process: the counts only grow
			st.yielded = metAfter.yielded - metBefore.yielded
			st.allocated = metAfter.allocated - metBefore.allocated
		}
	}
	if metErr != nil {
		fmt.Fprintf(os.Stderr, "load: the server's metrics: %v\n", metErr)
	}
	arrivals := fl.close()
	u.gaps += fl.gaps.Load()
	u.closed += fl.closed.Load()
	u.slow += fl.slow.Load()
	u.errs += fl.errs.Load()
	if postErr != nil {
		return nil, fmt.Errorf("posting: %w", postErr)
	}
	if applyErr != nil {
		return nil, applyErr
	}
	st.lat, st.early, st.unknown = latencies(arrivals, accepted)
	if o.timeline {
		printTimeline(os.Stdout, arrivals, accepted, start)
	}
	u.add(st)
	return st, nil
}

// report prints the table of ours against the raw floor at the same load
// (the fan-out when it ran, else its one client) and the verdicts.
func report(o options, ours *ourRun, fan, one *rawRun, perRound []roundP99) {
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
	t.add("accepted→frame p50", float64(pct(ours.lat, 50)), rawPct(50), "dur")
	t.add("accepted→frame p99", float64(pct(ours.lat, 99)), rawPct(99), "dur")
	t.add("accepted→frame p99.9", float64(pct(ours.lat, 99.9)), rawPct(99.9), "dur")
	t.add("accepted→frame max", float64(pct(ours.lat, 100)), rawPct(100), "dur")
	for i, r := range perRound {
		t.add(fmt.Sprintf("  round %d p99 (ours held %s)", i+1, plural(r.collections, "collection")), float64(r.ours), float64(r.raw), "dur")
	}
	if ours.published.counts != nil {
		q := func(p float64) string { return ours.published.quantile(p).Round(time.Microsecond).String() }
		t.row("server: stored→published p50 / p99 (buckets)", q(50)+" / "+q(99), "-")
		t.row("server: garbage collections while measured", strconv.FormatUint(ours.collections, 10), "-")
		t.row("server: board and team states that waited for queued frames", fmt.Sprintf("%.0f /s", ours.perSecond(float64(ours.yielded))), "-")
		if ours.events > 0 && ours.allocated > 0 {
			t.row("server: heap allocated per event", fmt.Sprintf("%.1f KB", float64(ours.allocated)/float64(ours.events)/1000), "-")
		}
	}
	t.add("events/s scored (durable)", ours.perSecond(float64(ours.events)), rawNum(func(r *rawRun) float64 { return r.perSecond(float64(r.events)) }), "/s")
	rawFrames := -1.0 // one client's frames are no match for N clients'
	if fan != nil {
		rawFrames = fan.perSecond(float64(fan.frames))
	}
	t.add("frames/s delivered", ours.perSecond(float64(ours.frames)), rawFrames, "/s")
	if fan != nil && one != nil {
		d := func(p float64) string { return pct(one.lat, p).Round(time.Microsecond).String() }
		t.row("raw, 1 client alone: p50 / p99 / p99.9 / max", "-", fmt.Sprintf("%s / %s / %s / %s", d(50), d(99), d(99.9), d(100)))
	}
	t.add("frame size (mean)", float64(ours.bytes)/max(1, float64(ours.frames)),
		rawNum(func(r *rawRun) float64 { return float64(r.bytes) / max(1, float64(r.frames)) }), "B")
	t.row("latency samples (timed frames)", fmt.Sprintf("%d (%d before the 202, %d unmatched)", len(ours.lat), ours.early, ours.unknown),
		rawStr(func(r *rawRun) string { return strconv.Itoa(len(r.lat)) }))
	t.row("events posted / posting took", fmt.Sprintf("%d / %s", ours.events, ours.posting.Round(time.Millisecond)),
		rawStr(func(r *rawRun) string { return fmt.Sprintf("%d / %s", r.events, r.posting.Round(time.Millisecond)) }))
	t.row("server RSS idle / with clients", fmt.Sprintf("%.1f / %.1f MiB", mib(ours.idle.rss), mib(ours.withClients.rss)),
		rawStr(func(r *rawRun) string { return fmt.Sprintf("%.1f / %.1f MiB", mib(r.idle.rss), mib(r.withClients.rss)) }))
	perClient := func(idle, with procSample, n int) string {
		return fmt.Sprintf("%.1f KiB", float64(with.rss-idle.rss)/float64(n)/1024)
	}
	rawPerClient := "-"
	if fan != nil {
		rawPerClient = perClient(fan.idle, fan.withClients, fan.clients)
	}
	t.row("server RSS per idle client", perClient(ours.idle, ours.withClients, o.clients), rawPerClient)
	t.add("server RSS peak under load (VmHWM)", float64(ours.hwm), rawNum(func(r *rawRun) float64 { return float64(r.hwm) }), "MiB")
	t.add("server CPU under load (200% = both cores)", ours.cpuPercent(ours.cpu), rawNum(func(r *rawRun) float64 { return r.cpuPercent(r.cpu) }), "%")
	t.add("harness CPU under load", ours.cpuPercent(ours.harness), rawNum(func(r *rawRun) float64 { return r.cpuPercent(r.harness) }), "%")
	t.note("machine load average at end (other processes too)", loadAvg())
	t.note("drops: seq gaps / closes / slow closes / dial errors", fmt.Sprintf("%d / %d / %d / %d", ours.gaps, ours.closed, ours.slow, ours.errs))
	rounds := ""
	if len(perRound) > 1 {
		rounds = fmt.Sprintf(", in %d rounds taking turns", len(perRound))
	}
	t.print(os.Stdout, fmt.Sprintf("Scorecast vs raw (JetStream→Badger→NATS→bare WebSocket, own process, %s), %d clients, %d events/s, %s a side%s, each after a %s warm-up",
		what, o.clients, o.rate, o.duration, rounds, o.warmup))

	fmt.Println()
	gib := float64(ours.hwm) / (1 << 30)
	verdict("RSS under 1 GiB", gib < 1, fmt.Sprintf("%.2f GiB peak", gib))
	switch {
	case fan != nil:
		ratio := float64(pct(ours.lat, 99)) / float64(pct(fan.lat, 99))
		verdict("p99 within 2x raw p99 at that load", ratio <= 2, fmt.Sprintf("%.2fx (raw fanned out to %d clients)", ratio, o.clients))
		if one != nil {
			fmt.Printf("(reference) p99 vs the raw floor's one client: %.2fx\n", float64(pct(ours.lat, 99))/float64(pct(one.lat, 99)))
		}
	case one != nil:
		ratio := float64(pct(ours.lat, 99)) / float64(pct(one.lat, 99))
		verdict("p99 within 2x raw p99", ratio <= 2, fmt.Sprintf("%.2fx (raw to 1 client; -raw-fanout=false)", ratio))
	}
	verdict("no drops", ours.gaps == 0 && ours.closed == 0 && ours.errs == 0, "")
}

// rawRun is the raw floor's side: one client, or as many as ours.
type rawRun struct {
	stretch
	clients           int        // 1, or as many as ours
	idle, withClients procSample // its process before the clients and with them (the first round's)
}

// rawAtRate runs round (from 0) of the raw floor r at o.rate for d, after
// a warm-up as ours, to run.clients new clients (one, or spread as ours are,
// see rawHub), and adds what it measured to run. Each round's events have
// ids of their own, as the stream drops a repeated id.
func rawAtRate(ctx context.Context, o options, r *raw, run *rawRun, round int, d time.Duration) (*stretch, error) {
	first := run.events == 0
	if first {
		var err error
		if run.idle, err = sample(r.pid()); err != nil {
			return nil, err
		}
	}
	applied, err := r.applied(ctx)
	if err != nil {
		return nil, err
	}
	base := round * rawRoundIDs
	target := rawOne(r.url)
	if run.clients > 1 {
		target = rawFanoutTo(r.url, o.agents, teamsFor(o.agents))
	}
	dialStart := time.Now()
	c, err := dialRaw(ctx, run.clients, target)
	if err != nil {
		return nil, err
	}
	defer c.close()
	if run.clients > 1 {
		fmt.Printf("load: %d raw clients connected in %s\n", run.clients, time.Since(dialStart).Round(time.Millisecond))
	}
	if first {
		if run.withClients, err = sample(r.pid()); err != nil {
			return nil, err
		}
	}
	warmed := 0
	if o.warmup > 0 {
		wu, err := r.paced(ctx, o.rate, o.warmup, rawWarmupIDs+base)
		if err != nil {
			return nil, fmt.Errorf("raw warm-up: %w", err)
		}
		warmed = len(wu)
		if err := r.waitApplied(ctx, applied+int64(warmed), 60*time.Second); err != nil {
			return nil, err
		}
		settle(&c.frames, 5*time.Second)
	}
	framesBefore, bytesBefore := c.frames.Load(), c.bytes.Load()

	stopPeak := watchPeak(ctx, r.pid())
	defer stopPeak()

	before, _ := sample(r.pid())
	self0, _ := sample("self")
	start := time.Now()
	accepted, err := r.paced(ctx, o.rate, d, base)
	if err != nil {
		return nil, err
	}
	posting := time.Since(start)
	if err := r.waitApplied(ctx, applied+int64(warmed+len(accepted)), 60*time.Second); err != nil {
		return nil, err
	}
	window := time.Since(start)
	settle(&c.frames, 10*time.Second) // the last frames are a NATS hop and a write away
	after, _ := sample(r.pid())
	self1, _ := sample("self")
	st := &stretch{events: len(accepted), posting: posting, window: window, frames: c.frames.Load() - framesBefore,
		bytes: c.bytes.Load() - bytesBefore, hwm: max(stopPeak(), after.hwm)}
	st.cpuOver(before, after, self0, self1)
	arrived := c.close()
	for i := range arrived {
		arrived[i].event -= int32(base) // an index into accepted
	}
	st.lat, st.early, st.unknown = latencies(arrived, accepted)
	run.add(st)
	return st, nil
}

// Raw event ids: round r's measured events are r*rawRoundIDs on, its
// warm-up's rawWarmupIDs+r*rawRoundIDs on; both fit an arrival's int32 for
// the rounds and rates the harness runs.
const (
	rawRoundIDs  = 10_000_000
	rawWarmupIDs = 1_500_000_000
)

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
	p := newPoster(srv.url, o.csat)
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
		r, err := startRaw(ctx, filepath.Join(tmp, "raw"), o.agents, 0)
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
