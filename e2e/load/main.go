// Command load is the floor-scale load harness. It starts the built server,
// opens N real WebSocket clients (in this process, the server in its own),
// spread over agent, team and board topics, posts events at a rate through
// the real ingest API, and reports event-accepted→frame latency, frames/s,
// events/s scored, the server's RSS and CPU, and drops. In the same run it
// measures the raw floor (JetStream → Badger → core NATS → a bare
// WebSocket frame) at the same rate, and prints both side by side.
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
	throughput bool
	workers    int
	serverArgs string
	skipRaw    bool
	timeline   bool
	warmup     time.Duration
	rawFanout  bool
}

func main() {
	var o options
	flag.StringVar(&o.bin, "bin", "bin/scorecast", "the server binary")
	flag.StringVar(&o.web, "web", "web", "the web assets directory")
	flag.IntVar(&o.clients, "clients", 1000, "WebSocket clients")
	flag.IntVar(&o.rate, "rate", 200, "events per second")
	flag.DurationVar(&o.duration, "duration", 20*time.Second, "how long to post events")
	flag.IntVar(&o.agents, "agents", 1000, "distinct agents (teams: agents/20, at least 1)")
	flag.BoolVar(&o.throughput, "throughput", false, "post NDJSON batches as fast as possible instead; no clients")
	flag.IntVar(&o.workers, "workers", 4, "concurrent posters in -throughput mode")
	flag.StringVar(&o.serverArgs, "server-args", "", "extra server flags, space separated (e.g. \"--sync\")")
	flag.BoolVar(&o.skipRaw, "skip-raw", false, "skip the raw baseline phase")
	flag.DurationVar(&o.warmup, "warmup", 3*time.Second, "events at the rate before measuring, with the clients connected (0: measure from the first event)")
	flag.BoolVar(&o.rawFanout, "raw-fanout", false, "also fan the raw floor out to as many bare clients as ours, spread the same way")
	flag.BoolVar(&o.timeline, "timeline", false, "print accepted→frame latency per second of the run, to see when a tail happens")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o); err != nil {
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
	if o.rawFanout && 2*uint64(o.clients)+256 > limit {
		// Both ends of the raw fan-out's sockets are in this process.
		return fmt.Errorf("-raw-fanout with %d clients needs %d open files, more than the %d allowed", o.clients, 2*o.clients+256, limit)
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
