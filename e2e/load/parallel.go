package main

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// inParallel calls do(i) for every i in [0, n) from at most workers
// goroutines and returns the first error do gave; after it, no new call
// starts. It returns ctx's error if ctx ended first.
func inParallel(ctx context.Context, n, workers int, do func(i int) error) error {
	var next atomic.Int64
	var first firstError
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n || ctx.Err() != nil || first.failed() {
					return
				}
				if err := do(i); err != nil {
					first.report(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if err := first.get(); err != nil {
		return err
	}
	return ctx.Err()
}

// firstError keeps the first error reported from any goroutine. (An
// atomic.Value panics when errors of different types are swapped in.)
type firstError struct {
	mu  sync.Mutex
	err error
}

func (f *firstError) report(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err == nil {
		f.err = err
	}
}

func (f *firstError) get() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}

func (f *firstError) failed() bool { return f.get() != nil }

// watchPeak samples a process's RSS every 500 ms until stop is called;
// stop returns the highest seen (VmHWM or RSS).
func watchPeak(ctx context.Context, pid string) (stop func() int64) {
	ctx, cancel := context.WithCancel(ctx)
	var peak int64
	var wg sync.WaitGroup
	wg.Go(func() {
		every(ctx, 500*time.Millisecond, func() {
			if s, err := sample(pid); err == nil {
				peak = max(peak, s.hwm, s.rss)
			}
		})
	})
	return func() int64 {
		cancel()
		wg.Wait()
		return peak
	}
}

// every calls f every d until ctx ends.
func every(ctx context.Context, d time.Duration, f func()) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			f()
		}
	}
}
