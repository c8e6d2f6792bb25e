// Command load is the floor-scale load harness. It starts the built server,
// opens N real WebSocket clients (in this process, the server in its own),
// spread over agent, team and board topics, posts events at a rate through
// the real ingest API, and reports event-accepted→frame latency, frames/s,
// events/s scored, the server's RSS and CPU, and drops.
//
// In the same run it measures the raw floor: JetStream publish with a msg
// id → consume a batch → one Badger commit → a core NATS hop → a bare
// coder/websocket frame, no scoring. Like our server it runs in a process
// of its own (this program, run by itself with -serve-raw), reached over
// loopback TCP, so the harness holds only the client ends of its sockets.
// It runs at the same rate fanned out to as many bare clients as ours,
// spread over the same topics with the same 500 ms coalescing of team and
// board topics (the floor at the same load, which the p99 target compares
// against; -raw-fanout=false skips it), and to one client (the floor's
// latency with nothing else to do, for reference). Ours and the fan-out
// take turns in -rounds rounds, each measuring duration/rounds, so that a
// noisy stretch of the machine does not land on one side only; each side's
// latencies are pooled. The table's raw column is the fan-out when it ran.
//
//	go run ./e2e/load -clients 10000 -rate 1000 -duration 30s
//	go run ./e2e/load -throughput -duration 10s
//
// Every loop is bounded by -duration plus fixed drain limits; it binds only
// to loopback.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"
)

type options struct {
	bin, web   string
	clients    int
	rate       int
	duration   time.Duration
	agents     int
	csat       int
	throughput bool
	workers    int
	serverArgs string
	skipRaw    bool
	timeline   bool
	warmup     time.Duration
	rawFanout  bool
	rounds     int
	rawFrame   int    // pad the raw floor's frames to at least this many bytes
	serveRaw   string // the raw floor's process: its data directory
}

func main() {
	var o options
	flag.StringVar(&o.bin, "bin", "bin/scorecast", "the server binary")
	flag.StringVar(&o.web, "web", "web", "the web assets directory")
	flag.IntVar(&o.clients, "clients", 1000, "WebSocket clients")
	flag.IntVar(&o.rate, "rate", 200, "events per second")
	flag.DurationVar(&o.duration, "duration", 20*time.Second, "how long to post events")
	flag.IntVar(&o.agents, "agents", 1000, "distinct agents (teams: agents/20, at least 1)")
	flag.IntVar(&o.csat, "csat", 5, "the stars of the surveys posted, 1-5: under the default ruleset a 5 earns a coin (a ledger entry), a 4 points only")
	flag.BoolVar(&o.throughput, "throughput", false, "post NDJSON batches as fast as possible instead; no clients")
	flag.IntVar(&o.workers, "workers", 4, "concurrent posters in -throughput mode")
	flag.StringVar(&o.serverArgs, "server-args", "", "extra server flags, space separated (e.g. \"--sync\")")
	flag.BoolVar(&o.skipRaw, "skip-raw", false, "skip the raw baseline phase")
	flag.DurationVar(&o.warmup, "warmup", 3*time.Second, "events at the rate before measuring, with the clients connected (0: measure from the first event)")
	flag.BoolVar(&o.rawFanout, "raw-fanout", true, "also fan the raw floor out to as many bare clients as ours, spread the same way (the baseline at the same load); false: its one client only")
	flag.IntVar(&o.rawFrame, "raw-frame-bytes", 0, "pad every raw frame to at least this many bytes (e.g. our mean frame size), to see what bytes on the wire cost; 0: the raw event as it is, about 310 B")
	flag.IntVar(&o.rounds, "rounds", 3, "rounds in which ours and the raw fan-out take turns, each measuring duration/rounds; latencies are pooled per side")
	flag.BoolVar(&o.timeline, "timeline", false, "print accepted→frame latency per second of the run, to see when a tail happens")
	flag.StringVar(&o.serveRaw, "serve-raw", "", "internal: run as the raw floor's process with its data in this directory (the harness starts itself so)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if o.serveRaw != "" {
		if err := serveRaw(ctx, o.serveRaw, o.agents, o.rawFrame); err != nil {
			stop()
			fmt.Fprintln(os.Stderr, "load -serve-raw:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(ctx, o); err != nil {
		stop()
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, o options) error {
	limit, err := raiseOpenFiles()
	if err != nil {
		return err
	}
	if uint64(o.clients)+256 > limit {
		return fmt.Errorf("%d clients need more than the %d open files allowed", o.clients, limit)
	}
	bin, err := filepath.Abs(o.bin)
	if err != nil {
		return err
	}
	web, err := filepath.Abs(o.web)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "scorecast-load")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	o.bin, o.web = bin, web
	if o.throughput {
		return runThroughput(ctx, o, tmp)
	}
	return runRate(ctx, o, tmp)
}

func teamsFor(agents int) int { return max(1, agents/20) }
