package main

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
)

// Every index is done once; the first error, of whatever type, is the one
// returned, and no call starts after it.
func TestInParallel(t *testing.T) {
	var calls [1000]atomic.Int32
	if err := inParallel(context.Background(), len(calls), 8, func(i int) error {
		calls[i].Add(1)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for i := range calls {
		if n := calls[i].Load(); n != 1 {
			t.Fatalf("index %d done %d times", i, n)
		}
	}

	var after atomic.Int32
	var failed atomic.Bool
	err := inParallel(context.Background(), 1000, 8, func(i int) error {
		if failed.Load() {
			after.Add(1)
		}
		if i%2 == 0 && i > 10 {
			failed.Store(true)
			return fmt.Errorf("wrapped %d: %w", i, errors.ErrUnsupported)
		}
		if i%2 == 1 && i > 10 {
			failed.Store(true)
			return errors.New("plain")
		}
		return nil
	})
	if err == nil {
		t.Fatal("no error returned")
	}
	if n := after.Load(); n > 8 {
		t.Fatalf("%d calls started after the first error", n)
	}
}
