// Command tracer is a GOCACHEPROG shim for measurements: it runs the real helper named by its
// arguments, relays go's requests and the helper's answers unchanged, and appends one line per
// request and per answer ("<µs since start> req <ID> <Command>", "<µs> resp <ID> <Miss> <Size>")
// to $TRACE_FILE.<pid>, plus the helper's CPU time at exit. Pairing the lines gives each get's
// and put's latency as go sees it, for any helper alike (BENCHMARKS.md, issue 10's third pass):
//
//	TRACE_FILE=/tmp/t GOCACHEPROG="tracer /path/to/helper args..." go build ./...
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"time"
)

func main() {
	if len(os.Args) < 2 || os.Getenv("TRACE_FILE") == "" {
		fmt.Fprintln(os.Stderr, "tracer: usage: TRACE_FILE=path tracer helper [args...]")
		os.Exit(2)
	}
	start := time.Now()
	f, err := os.Create(fmt.Sprintf("%s.%d", os.Getenv("TRACE_FILE"), os.Getpid()))
	if err != nil {
		fmt.Fprintln(os.Stderr, "tracer:", err)
		os.Exit(1)
	}
	var mu sync.Mutex
	logf := func(format string, a ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(f, "%d "+format+"\n", append([]any{time.Since(start).Microseconds()}, a...)...)
	}
	cmd := exec.Command(os.Args[1], os.Args[2:]...)
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		panic(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		panic(err)
	}
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "tracer:", err)
		os.Exit(1)
	}
	logf("start")
	done := make(chan struct{})
	go func() {
		defer close(done)
		r := bufio.NewReaderSize(out, 1<<20)
		w := bufio.NewWriter(os.Stdout)
		for {
			line, err := r.ReadBytes('\n')
			if len(line) > 0 {
				var m struct {
					ID   int64
					Miss bool
					Size int64
				}
				if json.Unmarshal(line, &m) == nil {
					logf("resp %d %v %d", m.ID, m.Miss, m.Size)
				}
				w.Write(line)
				// Flush as soon as nothing more is waiting: go must see each answer at once.
				if r.Buffered() == 0 {
					w.Flush()
				}
			}
			if err != nil {
				w.Flush()
				return
			}
		}
	}()
	r := bufio.NewReaderSize(os.Stdin, 1<<20)
	for {
		line, err := r.ReadBytes('\n')
		if len(line) > 0 {
			// A put's body is a line of its own (a JSON string): only requests are objects.
			if line[0] == '{' {
				var m struct {
					ID      int64
					Command string
				}
				if json.Unmarshal(line, &m) == nil {
					logf("req %d %s", m.ID, m.Command)
				}
			}
			in.Write(line)
		}
		if err != nil {
			if err != io.EOF {
				fmt.Fprintln(os.Stderr, "tracer: reading go's requests:", err)
			}
			break
		}
	}
	in.Close()
	<-done
	err = cmd.Wait()
	logf("exit cpu %d ms", (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Milliseconds())
	if err != nil {
		if exit, ok := err.(*exec.ExitError); ok {
			os.Exit(exit.ExitCode())
		}
		os.Exit(1)
	}
}
