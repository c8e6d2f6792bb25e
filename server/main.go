// Command scorecast is the Scorecast server: embedded NATS with JetStream,
// the Badger projection, the ingest and REST API, the live WebSocket hub and
// the PWA, in one process. See README.md for flags and environment.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	_ "time/tzdata" // org time zones must load on machines without tzdata

	"scorecast/server/api"
	"scorecast/server/auth"
	"scorecast/server/bus"
	"scorecast/server/demo"
	"scorecast/server/httpx"
	"scorecast/server/ingest"
	"scorecast/server/live"
	"scorecast/server/projection"
	"scorecast/server/projector"
	"scorecast/server/scheduler"
	"scorecast/server/store"
	"scorecast/server/webapp"
)

// options are the command line, each with an environment equivalent.
type options struct {
	addr      string
	data      string
	web       string
	demo      bool
	natsPort  int
	sync      bool
	logLevel  string
	demoEvery time.Duration
	tlsCert   string
	tlsKey    string
	rate      int
	tickEvery time.Duration
	memLimit  int64
	gcPercent int
	debugAddr string
}

// defaultMemLimitMiB keeps a node with 10,000 live clients under 1 GiB of
// RSS, yet far enough above their heap that the collector seldom runs.
const defaultMemLimitMiB = 800

// defaultGCPercent lets the heap grow by 300 % between collections, so
// that at 10k clients a burst's frames seldom wait behind a collection.
const defaultGCPercent = 300

func parseOptions(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("scorecast", flag.ContinueOnError)
	fs.StringVar(&o.addr, "addr", env("SCORECAST_ADDR", ":8080"), "listen address (env SCORECAST_ADDR)")
	fs.StringVar(&o.data, "data", env("SCORECAST_DATA", "./data"), "data directory (env SCORECAST_DATA)")
	fs.StringVar(&o.web, "web", env("SCORECAST_WEB", "web"), "web assets directory holding app.wasm (env SCORECAST_WEB)")
	fs.BoolVar(&o.demo, "demo", envBool("SCORECAST_DEMO"), "seed a demo roster and run a traffic simulator (env SCORECAST_DEMO)")
	fs.IntVar(&o.natsPort, "nats-port", envInt("SCORECAST_NATS_PORT", 0), "NATS client port on 127.0.0.1; 0 opens none, -1 any free port (env SCORECAST_NATS_PORT)")
	fs.BoolVar(&o.sync, "sync", envBool("SCORECAST_SYNC"), "fsync every stream write and commit, so acknowledged events survive power loss (env SCORECAST_SYNC)")
	fs.StringVar(&o.logLevel, "log-level", env("SCORECAST_LOG_LEVEL", "info"), "debug, info, warn or error (env SCORECAST_LOG_LEVEL)")
	fs.StringVar(&o.tlsCert, "tls-cert", env("SCORECAST_TLS_CERT", ""), "TLS certificate file (PEM); with --tls-key, serve HTTPS (env SCORECAST_TLS_CERT)")
	fs.StringVar(&o.tlsKey, "tls-key", env("SCORECAST_TLS_KEY", ""), "TLS private key file (PEM) (env SCORECAST_TLS_KEY)")
	fs.IntVar(&o.rate, "ingest-rate", envInt("SCORECAST_INGEST_RATE", 50_000), "events per second an ingest key may send unless it has its own rate (env SCORECAST_INGEST_RATE)")
	fs.DurationVar(&o.tickEvery, "tick-every", envDuration("SCORECAST_TICK_EVERY", 15*time.Minute), "how often the engine is told the time: periods roll, streaks break and challenges end on these ticks (env SCORECAST_TICK_EVERY)")
	fs.Int64Var(&o.memLimit, "mem-limit-mib", int64(envInt("SCORECAST_MEM_LIMIT_MIB", defaultMemLimitMiB)), "soft memory limit for the Go runtime in MiB, so bursts are collected before RSS grows; 0 leaves it to GOMEMLIMIT (env SCORECAST_MEM_LIMIT_MIB)")
	fs.IntVar(&o.gcPercent, "gc-percent", envInt("SCORECAST_GC_PERCENT", defaultGCPercent), "heap growth between garbage collections, in percent of the live heap; 0 leaves it to GOGC (env SCORECAST_GC_PERCENT)")
	fs.StringVar(&o.debugAddr, "debug-addr", env("SCORECAST_DEBUG_ADDR", ""), "serve Go's /debug/pprof on this address, e.g. 127.0.0.1:6060; empty serves none (env SCORECAST_DEBUG_ADDR)")
	fs.DurationVar(&o.demoEvery, "demo-every", 600*time.Millisecond, "mean time between simulated demo events")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if o.memLimit < 0 {
		return o, errors.New("--mem-limit-mib may not be negative")
	}
	if o.gcPercent < 0 {
		return o, errors.New("--gc-percent may not be negative")
	}
	if (o.tlsCert == "") != (o.tlsKey == "") {
		return o, errors.New("--tls-cert and --tls-key go together")
	}
	return o, nil
}

func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

func envBool(name string) bool {
	b, _ := strconv.ParseBool(os.Getenv(name))
	return b
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return n
	}
	return def
}

func envDuration(name string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(os.Getenv(name)); err == nil && d > 0 {
		return d
	}
	return def
}

func main() {
	o, err := parseOptions(os.Args[1:])
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "scorecast:", err)
		}
		os.Exit(2)
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(o.logLevel)); err != nil {
		fmt.Fprintln(os.Stderr, "scorecast: bad --log-level:", err)
		os.Exit(2)
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set && o.memLimit > 0 {
		debug.SetMemoryLimit(o.memLimit << 20)
	}
	if _, set := os.LookupEnv("GOGC"); !set && o.gcPercent > 0 {
		debug.SetGCPercent(o.gcPercent)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o, log); err != nil {
		log.Error("scorecast stopped", "err", err)
		os.Exit(1)
	}
}

// run wires the parts, serves until ctx ends, and closes them in reverse order.
func run(ctx context.Context, o options, log *slog.Logger) error {
	if err := os.MkdirAll(o.data, 0o750); err != nil {
		return fmt.Errorf("data dir: %w", err)
	}
	web, err := webapp.New(webapp.Config{Dir: o.web})
	if err != nil {
		return err
	}
	st, err := store.Open(store.Config{Dir: filepath.Join(o.data, "badger"), SyncWrites: o.sync})
	if err != nil {
		return err
	}
	defer st.Close()
	b, err := bus.Open(ctx, bus.Config{Dir: filepath.Join(o.data, "nats"), Port: o.natsPort, SyncAlways: o.sync, Logger: log})
	if err != nil {
		return err
	}
	defer b.Close()
	// The state comes first: the hub reads its snapshots from it, and the
	// projector applies the stream to it and feeds the hub.
	state, err := projection.LoadState(st, nil)
	if err != nil {
		return err
	}
	authn, err := auth.New(auth.Config{Store: st})
	if err != nil {
		return err
	}
	seen := api.NewDisplaySeen(st)
	hub := live.New(live.Config{
		Snapshots: state,
		Authenticate: func(r *http.Request) (live.Viewer, error) {
			id, err := authn.Identify(r)
			if err != nil {
				return live.Viewer{}, errors.New("log in first, or pass a display token")
			}
			if id.Role == auth.RoleDisplay {
				if err := seen.Saw(id.Org, id.User); err != nil {
					log.Warn("display last seen", "err", err)
				}
			}
			keys := []string{"user:" + id.User}
			if token := auth.TokenOf(r); id.ByCookie && token != "" {
				keys = append(keys, "session:"+store.HashKey(token))
			}
			return live.Viewer{Org: id.Org, Keys: keys, May: func(topic string) bool { return auth.MaySeeTopic(id, state, topic) }}, nil
		},
		Logger: log,
	})
	proj, err := projector.New(projector.Config{Bus: b, Store: st, State: state, Live: hub, Logger: log})
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("POST /api/v1/events", ingest.New(ingest.Config{Bus: b, Store: st, Rate: o.rate, Logger: log}))
	mux.Handle("GET /api/v1/live", hub)
	var booted atomic.Bool // the default org and the demo roster are applied
	api.Register(mux, api.Config{Projector: proj, Auth: authn, Store: st, Bus: b, DefaultOrg: DefaultOrg, Logger: log,
		Ready: func() error {
			if !booted.Load() {
				return errors.New("starting: the default org is not applied yet")
			}
			return nil
		},
		Revoke:  func(org, key string) { hub.Revoke(org, key) },
		Recheck: func(org, reason string) { hub.Recheck(org, reason) },
		Seen:    seen,
		Gauges: func() map[string]int64 {
			hs := hub.Stats()
			return map[string]int64{
				"scorecast_live_connections":         int64(hub.Conns()),
				"scorecast_live_frames_sent":         int64(hs.Sent.Load()),
				"scorecast_live_frames_batched":      int64(hs.Batched.Load()),
				"scorecast_live_writers":             hs.Writers.Load(),
				"scorecast_live_slow_closed":         int64(hs.SlowClosed.Load()),
				"scorecast_live_envelopes_coalesced": int64(hs.Coalesced.Load()),
				"scorecast_live_states_yielded":      int64(hs.Yielded.Load()),
			}
		},
	})
	mux.Handle("/", web)

	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", o.addr, err)
	}
	srv := &http.Server{
		Handler:           httpx.SecurityHeaders(mux),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}

	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, 4) // one a sender: projector, hub, http, bootstrap
	wg.Go(func() {
		if err := proj.Run(runCtx); err != nil {
			errs <- err
		}
	})
	wg.Go(func() {
		if err := hub.Run(runCtx); err != nil {
			errs <- err
		}
	})
	if o.debugAddr != "" {
		// A listener of its own: profiles never share the public port.
		dbg := &http.Server{Addr: o.debugAddr, Handler: debugMux(), ReadHeaderTimeout: 10 * time.Second}
		wg.Go(func() {
			if err := dbg.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
				log.Warn("debug listener", "err", err)
			}
		})
		wg.Go(func() {
			<-runCtx.Done()
			_ = dbg.Close()
		})
	}
	wg.Go(func() { st.RunGC(runCtx, 5*time.Minute) })
	wg.Go(func() { scheduler.Run(runCtx, scheduler.Config{Bus: b, Store: st, Every: o.tickEvery, Logger: log}) })
	wg.Go(func() {
		serve := func() error { return srv.Serve(ln) }
		if o.tlsCert != "" {
			serve = func() error { return srv.ServeTLS(ln, o.tlsCert, o.tlsKey) }
		}
		if err := serve(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errs <- fmt.Errorf("http: %w", err)
		}
	})

	// Served at once, so that /healthz answers while the projection
	// catches up; /readyz and the log line wait for bootstrap.
	wg.Go(func() {
		demoKey, err := bootstrapWhenReady(runCtx, st, b, proj, o.demo, log)
		if err != nil {
			errs <- err
			return
		}
		booted.Store(true)
		scheme := "http"
		if o.tlsCert != "" {
			scheme = "https"
		}
		url := scheme + "://" + displayAddr(ln.Addr())
		fmt.Printf("Scorecast is live at %s (version %s)\n", url, web.Version())
		if o.demo {
			printDemo(url)
			demo.Simulate(runCtx, demo.Config{URL: "http://" + ln.Addr().String(), Key: demoKey, Every: o.demoEvery, Password: demoPassword, Logger: log})
		}
	})

	var failure error
	select {
	case <-ctx.Done():
		log.Info("shutting down")
	case failure = <-errs:
	}
	shutdownCtx, done := context.WithTimeout(context.Background(), 10*time.Second)
	defer done()
	_ = srv.Shutdown(shutdownCtx)
	cancel()
	wg.Wait()
	return failure
}

// debugMux serves net/http/pprof's handlers without touching
// http.DefaultServeMux.
func debugMux() *http.ServeMux {
	m := http.NewServeMux()
	m.HandleFunc("/debug/pprof/", pprof.Index)
	m.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	m.HandleFunc("/debug/pprof/profile", pprof.Profile)
	m.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	m.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return m
}

func displayAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if ok && tcp.IP.IsUnspecified() {
		return net.JoinHostPort("localhost", strconv.Itoa(tcp.Port))
	}
	return a.String()
}

func printDemo(url string) {
	fmt.Println("Demo floor: 3 teams x 8 agents, events every ~0.6 s.")
	fmt.Printf("  log in:      %s/login\n", url)
	fmt.Printf("  supervisor:  %s/supervisor   admin: %s/admin\n", url, url)
	fmt.Printf("  wallboard:   %s/wallboard    a TV: %s/display (pair it from the admin view)\n", url, url)
	for _, t := range demo.Teams() {
		a := t.Agents[0]
		fmt.Printf("  agent view:  %s/agent/%s  (%s, %s)\n", url, a.ID, a.Name, t.Name)
	}
	fmt.Printf("  all agents:  %s/\n", url)
	fmt.Printf("Demo logins (password %q): supervisors sup-t-north, sup-t-harbor, sup-t-aurora; agents a-1 … a-24.\n", demoPassword)
	fmt.Println("The admin login is admin, with SCORECAST_ADMIN_PASSWORD or the password logged on first start.")
}
