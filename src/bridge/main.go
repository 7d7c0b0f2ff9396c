// gobuildcache-bridge is what GOCACHEPROG names when a job-long cache server runs. Go starts one
// per go command, so it must start in a few milliseconds. It answers the gets the local cache
// directory already holds by itself, from the same files the server writes (the server names the
// directory in its handshake), and passes everything else to the server's socket unchanged:
// misses (which may need the remote), puts and close. A warm build's gets then cost go one pipe
// round trip to a compiled program instead of two hops to Node.
//
// If the server cannot be reached it never fails the build: it runs the per-process server
// (node dist/cacheprog/index.js) in its place with the same environment, after one warning.
//
// Usage: gobuildcache-bridge (-socket unix:/path | -socket tcp:127.0.0.1:PORT | -server-file FILE)
//
//	[-local=false] [-node PATH] [-script PATH] [-- flags for the per-process server]
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// How long a server that accepted the connection may take to send its handshake.
const handshakeWait = 10 * time.Second

type serverFile struct {
	Socket string `json:"socket"`
	Token  string `json:"token"`
}

func main() {
	socket := flag.String("socket", "", "the job server's socket: unix:/path or tcp:127.0.0.1:PORT")
	file := flag.String("server-file", "", "the job server's file (socket and token), written once it listens")
	node := flag.String("node", "", "node for the per-process fallback (default: node on PATH)")
	script := flag.String("script", "", "the per-process server (default: ../cacheprog/index.js beside this program's folder)")
	local := flag.Bool("local", true, "answer gets the local cache directory holds here, without asking the server")
	flag.Parse()

	token := ""
	if *file != "" {
		var info serverFile
		data, err := os.ReadFile(*file)
		if err == nil {
			err = json.Unmarshal(data, &info)
		}
		if err != nil {
			fallback(*node, *script, fmt.Sprintf("cannot read the server file %s: %v", *file, err))
		}
		*socket, token = info.Socket, info.Token
	}
	if *socket == "" {
		fallback(*node, *script, "no -socket or -server-file given")
	}
	marker := markerPath(*file, *socket)
	if why, ok := knownWedged(marker); ok {
		fallback(*node, *script, fmt.Sprintf("the job's cache server at %s stopped answering earlier in this job (%s)", *socket, why))
	}
	conn, err := dial(*socket)
	if err != nil {
		fallback(*node, *script, fmt.Sprintf("the job's cache server at %s is not reachable (%v)", *socket, err))
	}
	if token != "" {
		if _, err := fmt.Fprintf(conn, "{\"Token\":%q}\n", token); err != nil {
			fallback(*node, *script, fmt.Sprintf("the job's cache server at %s refused the connection (%v)", *socket, err))
		}
	}
	// The server speaks first (the handshake). Until it has, nothing of go's is read, so a server
	// that accepted the connection but hangs can still be replaced by the per-process one.
	conn.SetReadDeadline(time.Now().Add(handshakeWait))
	fromServer := bufio.NewReaderSize(conn, 64<<10)
	handshake, err := fromServer.ReadSlice('\n')
	if err != nil {
		conn.Close()
		why := fmt.Sprintf("the job's cache server at %s did not answer (%v)", *socket, err)
		if ne, ok := err.(net.Error); ok && ne.Timeout() {
			markWedged(marker, fmt.Sprintf("no handshake within %s", handshakeWait))
		}
		fallback(*node, *script, why)
	}
	conn.SetReadDeadline(time.Time{})
	var hello struct{ CacheDir string }
	json.Unmarshal(handshake, &hello)

	out := &responses{w: bufio.NewWriterSize(os.Stdout, 64<<10)}
	if !out.send(handshake) {
		os.Exit(1)
	}
	w := &watch{}
	go w.run(quietBeforeProbe, func() error { return handshakeProbe(*socket, token) }, func(why string) {
		markWedged(marker, why)
		fmt.Fprintf(os.Stderr, "gobuildcache: error: the job's cache server at %s stopped answering: %s; "+
			"this go command fails, later ones of the job run their own cache server\n", *socket, why)
		os.Exit(1)
	})
	serverGone := make(chan error, 1)
	go func() {
		for {
			line, err := fromServer.ReadSlice('\n')
			if len(line) > 0 && (err == nil || err == bufio.ErrBufferFull) {
				w.answerHeard()
			}
			if err == bufio.ErrBufferFull {
				// A response longer than the buffer (a long error text): passed on whole, nothing
				// written into the middle of it.
				out.mu.Lock()
				out.w.Write(line)
				err = copyLine(fromServer, out.w)
				if err == nil {
					err = out.w.Flush()
				}
				out.mu.Unlock()
				if err != nil {
					serverGone <- err
					return
				}
				continue
			}
			if err != nil {
				if err == io.EOF && len(line) == 0 {
					err = nil
				}
				serverGone <- err
				return
			}
			if !out.send(line) {
				os.Exit(1)
			}
		}
	}()

	var store *localStore
	// go needs an absolute DiskPath; an older server names no directory.
	if *local && filepath.IsAbs(hello.CacheDir) {
		store = &localStore{dir: hello.CacheDir}
	}
	toServer := bufio.NewWriterSize(conn, 64<<10)
	go func() {
		err := relay(bufio.NewReaderSize(os.Stdin, 64<<10), toServer, out, store, w)
		if err == nil {
			err = toServer.Flush()
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "gobuildcache: error: lost the job's cache server at %s: %v\n", *socket, err)
			os.Exit(1)
		}
		// go closed our stdin: tell the server, which ends the session as go's own helper would.
		if c, ok := conn.(interface{ CloseWrite() error }); ok {
			c.CloseWrite()
		}
	}()
	if err := <-serverGone; err != nil {
		fmt.Fprintf(os.Stderr, "gobuildcache: error: lost the job's cache server at %s: %v\n", *socket, err)
		os.Exit(1)
	}
	out.mu.Lock()
	os.Exit(0)
}

// responses is go's end of the conversation: whole lines from two writers (local hits, the server).
type responses struct {
	mu sync.Mutex
	w  *bufio.Writer
}

func (r *responses) send(line []byte) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	_, err := r.w.Write(line)
	if err == nil {
		err = r.w.Flush()
	}
	return err == nil
}

// request is what the bridge reads of go's requests; the line itself goes to the server as read.
type request struct {
	ID       int64
	Command  string
	ActionID []byte
	BodySize int64
}

// served is what the bridge answered itself, reported to the server in batches so the job's
// statistics, manifest and trim order count these hits too. The server sends no answer.
type served struct {
	ID        int64
	Command   string
	ActionIDs []string
	Bytes     int64
}

const reportEvery = 256

// relay reads go's requests: gets the local store holds are answered here, everything else goes to
// the server as it came (a put with its body line).
func relay(in *bufio.Reader, toServer *bufio.Writer, out *responses, store *localStore, w *watch) error {
	report := served{Command: "served"}
	flushReport := func() error {
		if len(report.ActionIDs) == 0 {
			return nil
		}
		line, _ := json.Marshal(report)
		if _, err := toServer.Write(append(line, '\n')); err != nil {
			return err
		}
		report.Bytes, report.ActionIDs = 0, report.ActionIDs[:0]
		return nil
	}
	for {
		// Before waiting for go: what was passed on goes out now. Requests that came together
		// went out together.
		if in.Buffered() == 0 && toServer.Buffered() > 0 {
			if err := toServer.Flush(); err != nil {
				return err
			}
		}
		line, err := in.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			// Too long for a request go writes: let the server judge it.
			if _, err := toServer.Write(line); err != nil {
				return err
			}
			w.requestSent()
			if err := copyLine(in, toServer); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			if len(line) > 0 {
				if _, err := toServer.Write(line); err != nil {
					return err
				}
			}
			if err == io.EOF {
				return flushReport()
			}
			return err
		}
		// Parsed whether or not hits are answered here: close and put bodies are relayed alike.
		var req request
		if json.Unmarshal(line, &req) == nil && store != nil && req.Command == "get" && len(req.ActionID) == 32 {
			if hit, size, actionID := store.get(req.ID, req.ActionID); hit != nil {
				if !out.send(hit) {
					os.Exit(1)
				}
				report.Bytes += size
				report.ActionIDs = append(report.ActionIDs, actionID)
				if len(report.ActionIDs) >= reportEvery {
					if err := flushReport(); err != nil {
						return err
					}
				}
				continue
			}
		}
		if req.Command == "close" {
			// The server counts these before it answers close (the summary of this go command).
			if err := flushReport(); err != nil {
				return err
			}
		}
		if _, err := toServer.Write(line); err != nil {
			return err
		}
		// Every request but served is answered, an unknown one with an error.
		w.requestSent()
		if req.Command == "put" && req.BodySize > 0 {
			if err := copyLine(in, toServer); err != nil {
				return err
			}
		}
	}
}

// copyLine passes one line through, however long (a put body: base64 of up to the largest output).
func copyLine(in *bufio.Reader, w io.Writer) error {
	for {
		part, err := in.ReadSlice('\n')
		if _, werr := w.Write(part); werr != nil {
			return werr
		}
		if err != bufio.ErrBufferFull {
			if err == io.EOF {
				return nil
			}
			return err
		}
	}
}

func dial(socket string) (net.Conn, error) {
	switch {
	case strings.HasPrefix(socket, "tcp:"):
		return net.DialTimeout("tcp", strings.TrimPrefix(socket, "tcp:"), 2*time.Second)
	default:
		return net.DialTimeout("unix", strings.TrimPrefix(socket, "unix:"), 2*time.Second)
	}
}

// fallback runs the per-process server in this process's place, with the same stdin, stdout,
// stderr and environment (the GOBUILDCACHE_* settings the action exported).
func fallback(node, script, why string) {
	fmt.Fprintf(os.Stderr, "gobuildcache: warning: %s; this go command runs its own cache server instead\n", why)
	if node == "" {
		node = "node"
	}
	if script == "" {
		if exe, err := os.Executable(); err == nil {
			script = filepath.Join(filepath.Dir(filepath.Dir(filepath.Dir(exe))), "cacheprog", "index.js")
		}
	}
	path, err := exec.LookPath(node)
	if err != nil {
		fmt.Fprintf(os.Stderr, "gobuildcache: error: cannot run %s: %v\n", node, err)
		os.Exit(1)
	}
	args := append([]string{node, script}, flag.Args()...)
	os.Exit(run(path, args))
}
