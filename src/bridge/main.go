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
	"path/filepath"
	"strings"
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
	// Until the server answers something of this go command, a server that stops or dies is
	// replaced by the per-process one, which is given go's requests so far (see upstream).
	up := newUpstream(conn, func() {
		if c, ok := conn.(interface{ CloseWrite() error }); ok {
			c.CloseWrite()
		}
	})
	takeOver := func(why string) bool {
		moved, err := up.takeOver(func() {
			conn.Close()
			fmt.Fprintf(os.Stderr, "gobuildcache: warning: the job's cache server at %s %s before its first answer to this go command; "+
				"this go command runs its own cache server instead\n", *socket, why)
		}, func() (io.WriteCloser, error) {
			path, args, err := fallbackCommand(*node, *script, flag.Args())
			if err != nil {
				return nil, err
			}
			return startStandIn(path, args, out)
		})
		if err != nil {
			fmt.Fprintf(os.Stderr, "gobuildcache: error: %v\n", err)
			os.Exit(1)
		}
		return moved
	}
	w := &watch{}
	probe := func() error {
		if up.movedOn() {
			return nil // what the old server does no longer matters
		}
		return handshakeProbe(*socket, token)
	}
	go w.run(quietBeforeProbe, probe, func(why string) {
		markWedged(marker, why)
		if takeOver("stopped answering (" + why + ")") {
			return
		}
		fmt.Fprintf(os.Stderr, "gobuildcache: error: the job's cache server at %s stopped answering: %s; "+
			"this go command fails, later ones of the job run their own cache server\n", *socket, why)
		os.Exit(1)
	})
	serverGone := make(chan error, 1)
	go func() {
		err := passAnswers(fromServer, out, func() bool {
			if !up.serverAnswered() {
				return false
			}
			w.answerHeard()
			return true
		})
		if up.movedOn() {
			return
		}
		// Gone (killed, crashed) while go waits for it: if it answered nothing, nothing is lost.
		if (err != nil || w.quietFor(time.Now()) > 0 || !up.inputEnded()) && takeOver(fmt.Sprintf("closed the connection (%v)", orEOF(err))) {
			return
		}
		if err == nil && w.quietFor(time.Now()) > 0 {
			err = fmt.Errorf("it closed the connection owing this go command %d answer(s)", w.sent.Load()-w.answered.Load())
		}
		serverGone <- err
	}()

	var store *localStore
	// go needs an absolute DiskPath; an older server names no directory.
	if *local && filepath.IsAbs(hello.CacheDir) {
		store = &localStore{dir: hello.CacheDir}
	}
	go func() {
		if err := relay(bufio.NewReaderSize(os.Stdin, 64<<10), up, out, store, w); err != nil {
			fmt.Fprintf(os.Stderr, "gobuildcache: error: lost the job's cache server at %s: %v\n", *socket, err)
			os.Exit(1)
		}
		// go closed our stdin: tell the server, which ends the session as go's own helper would.
		up.closeInput()
	}()
	if err := <-serverGone; err != nil {
		fmt.Fprintf(os.Stderr, "gobuildcache: error: lost the job's cache server at %s: %v\n", *socket, err)
		os.Exit(1)
	}
	out.mu.Lock()
	os.Exit(0)
}

func orEOF(err error) error {
	if err == nil {
		return io.EOF
	}
	return err
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
	path, args, err := fallbackCommand(node, script, flag.Args())
	if err != nil {
		fmt.Fprintf(os.Stderr, "gobuildcache: error: %v\n", err)
		os.Exit(1)
	}
	os.Exit(run(path, args))
}
