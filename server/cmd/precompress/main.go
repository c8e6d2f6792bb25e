// Command precompress writes brotli (.br) and gzip (.gz) copies of a file next
// to it, so that the server can serve app.wasm precompressed without
// compressing on every request and without a system brotli.
package main

import (
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/andybalholm/brotli"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: precompress FILE")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "precompress:", err)
		os.Exit(1)
	}
}

func run(name string) error {
	raw, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	br, err := write(name+".br", func(w io.Writer) io.WriteCloser { return brotli.NewWriterLevel(w, 9) }, raw)
	if err != nil {
		return err
	}
	gz, err := write(name+".gz", func(w io.Writer) io.WriteCloser {
		zw, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
		return zw
	}, raw)
	if err != nil {
		return err
	}
	fmt.Printf("%s: raw %d B, gzip %d B, brotli %d B\n", name, len(raw), gz, br)
	return nil
}

// write compresses raw into name through a temporary file, so a server
// reading the old file never sees half of the new one.
func write(name string, wrap func(io.Writer) io.WriteCloser, raw []byte) (int64, error) {
	tmp, err := os.CreateTemp(filepath.Dir(name), ".precompress-*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name())
	zw := wrap(tmp)
	if _, err := zw.Write(raw); err != nil {
		tmp.Close()
		return 0, err
	}
	if err := zw.Close(); err != nil {
		tmp.Close()
		return 0, err
	}
	info, err := tmp.Stat()
	if err != nil {
		tmp.Close()
		return 0, err
	}
	if err := tmp.Close(); err != nil {
		return 0, err
	}
	return info.Size(), os.Rename(tmp.Name(), name)
}
