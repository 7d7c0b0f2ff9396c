// gobuildcache-bridge is what GOCACHEPROG names when a job-long cache server runs: it joins the go
// command's stdin and stdout to the server's socket and gets out of the way. Go starts one per go
// command, so it must start in a few milliseconds and copy bytes without looking at them.
//
// If the server cannot be reached it never fails the build: it runs the per-process server
// (node dist/cacheprog/index.js) in its place with the same environment, after one warning.
//
// Usage: gobuildcache-bridge (-socket unix:/path | -socket tcp:127.0.0.1:PORT | -server-file FILE)
//
//	[-node PATH] [-script PATH] [-- flags for the per-process server]
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
	"runtime"
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
	attach := flag.Bool("attach", runtime.GOOS == "linux", "hand go's pipes to the server (Linux /proc), so requests skip this process")
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
	conn, err := dial(*socket)
	if err != nil {
		fallback(*node, *script, fmt.Sprintf("the job's cache server at %s is not reachable (%v)", *socket, err))
	}
	if token != "" {
		if _, err := fmt.Fprintf(conn, "{\"Token\":%q}\n", token); err != nil {
			fallback(*node, *script, fmt.Sprintf("the job's cache server at %s refused the connection (%v)", *socket, err))
		}
	}
	if *attach {
		if _, err := fmt.Fprintf(conn, "{\"ID\":1,\"Command\":\"attach\",\"Pid\":%d}\n", os.Getpid()); err != nil {
			fallback(*node, *script, fmt.Sprintf("the job's cache server at %s refused the connection (%v)", *socket, err))
		}
	}
	// The server speaks first (the handshake). Until it has, nothing of go's is read, so a server
	// that accepted the connection but hangs can still be replaced by the per-process one.
	conn.SetReadDeadline(time.Now().Add(handshakeWait))
	fromServer := bufio.NewReader(conn)
	handshake, err := fromServer.ReadSlice('\n')
	if err != nil {
		conn.Close()
		fallback(*node, *script, fmt.Sprintf("the job's cache server at %s did not answer (%v)", *socket, err))
	}
	handshake = append([]byte(nil), handshake...)
	if *attach {
		answer, err := fromServer.ReadSlice('\n')
		if err != nil {
			conn.Close()
			fallback(*node, *script, fmt.Sprintf("the job's cache server at %s did not answer (%v)", *socket, err))
		}
		var reply struct{ Attached bool }
		if json.Unmarshal(answer, &reply) == nil && reply.Attached {
			// The server now reads go's requests from our stdin's pipe and answers on our stdout's:
			// this process only lives as long as the session, as go expects of its helper.
			conn.SetReadDeadline(time.Time{})
			if _, err := io.Copy(io.Discard, fromServer); err != nil {
				fmt.Fprintf(os.Stderr, "gobuildcache: error: lost the job's cache server at %s: %v\n", *socket, err)
				os.Exit(1)
			}
			os.Exit(0)
		}
		// Not attached (no /proc, an older server): the session goes on through this process.
	}
	conn.SetReadDeadline(time.Time{})
	if _, err := os.Stdout.Write(handshake); err != nil {
		os.Exit(1)
	}
	go func() {
		io.Copy(conn, os.Stdin)
		// go closed our stdin: tell the server, which ends the session as go's own helper would.
		if c, ok := conn.(interface{ CloseWrite() error }); ok {
			c.CloseWrite()
		}
	}()
	if _, err := io.Copy(os.Stdout, fromServer); err != nil {
		fmt.Fprintf(os.Stderr, "gobuildcache: error: lost the job's cache server at %s: %v\n", *socket, err)
		os.Exit(1)
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
