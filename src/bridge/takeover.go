package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
)

// maxReplay bounds what the bridge keeps of go's requests while the server has answered none of
// them. go's first requests are gets (a put follows the miss the server answered), so this is
// a few lines; a put body before any answer that outgrows it gives up the takeover, not memory.
const maxReplay = 32 << 20

// upstream is where go's requests go: the job server's connection, or, once the server was given
// up on before it answered anything for this go command, the stdin of a per-process server
// started in its place (a takeover). Until the server's first answer every request passed to it
// is kept, so that the new server can be given them all: go never sees the switch, since nothing
// it was told came from the old one (the handshake aside, which both send alike).
type upstream struct {
	mu  sync.Mutex
	dst io.Writer
	// endInput ends the request stream: half-closes the connection, later closes the new server's stdin.
	endInput  func()
	record    []byte
	recording bool
	takenOver bool
	ended     bool
}

func newUpstream(dst io.Writer, endInput func()) *upstream {
	return &upstream{dst: dst, endInput: endInput, recording: true}
}

// Write passes requests on. A write the server's connection refuses is not an error if the
// requests can go to a new server instead (takeOver, which the caller sets up, replays them).
func (u *upstream) Write(p []byte) (int, error) {
	u.mu.Lock()
	if u.recording {
		if len(u.record)+len(p) <= maxReplay {
			u.record = append(u.record, p...)
		} else {
			u.recording, u.record = false, nil
		}
	}
	dst, moved := u.dst, u.takenOver
	u.mu.Unlock()
	// Not under the lock: a stopped server stops reading, and a takeover must be able to begin.
	n, err := dst.Write(p)
	if err == nil || moved {
		return n, err
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.takenOver {
		// The takeover closed the connection under this write; the record held p.
		return len(p), nil
	}
	return n, err
}

// report sends a line only the job server knows (served): never kept for a replay, dropped after a
// takeover (a per-process server would answer it with an error go cannot place).
func (u *upstream) report(line []byte) error {
	u.mu.Lock()
	dst, moved := u.dst, u.takenOver
	u.mu.Unlock()
	if moved {
		return nil
	}
	_, err := dst.Write(line)
	return err
}

// closeInput passes on the end of go's requests.
func (u *upstream) closeInput() {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.ended = true
	u.endInput()
}

// inputEnded reports whether go's requests have ended (closeInput).
func (u *upstream) inputEnded() bool {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.ended
}

// serverAnswered is called before an answer of the server goes to go: false when the server has
// been given up on (the answer is dropped), else the record is no longer needed and no takeover
// can happen from now on.
func (u *upstream) serverAnswered() bool {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.takenOver {
		return false
	}
	u.recording, u.record = false, nil
	return true
}

// movedOn reports whether a takeover happened.
func (u *upstream) movedOn() bool {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.takenOver
}

// takeOver gives the requests to a new server if the old one answered nothing (true; also when
// a takeover already happened), else does nothing (false). abandon cuts the old server off; start
// starts the new one and returns its stdin.
func (u *upstream) takeOver(abandon func(), start func() (io.WriteCloser, error)) (bool, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.takenOver {
		return true, nil
	}
	if !u.recording {
		return false, nil
	}
	u.takenOver = true
	abandon()
	stdin, err := start()
	if err != nil {
		return true, err
	}
	_, err = stdin.Write(u.record)
	u.dst, u.record, u.recording = stdin, nil, false
	u.endInput = func() { stdin.Close() }
	if u.ended {
		stdin.Close()
	}
	return true, err
}

// fallbackCommand is how the per-process server is run: node, the script, the flags after --.
func fallbackCommand(node, script string, flags []string) (string, []string, error) {
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
		return "", nil, fmt.Errorf("cannot run %s: %v", node, err)
	}
	return path, append([]string{node, script}, flags...), nil
}

// startStandIn starts the per-process server as a child whose answers go to go, once its own
// handshake (go has had the job server's) is read. When it ends, so does this process, with its
// exit code.
func startStandIn(path string, args []string, out *responses) (io.WriteCloser, error) {
	cmd := exec.Command(path, args[1:]...)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("cannot run %s: %v", path, err)
	}
	answers := bufio.NewReaderSize(stdout, 64<<10)
	if _, err := answers.ReadSlice('\n'); err != nil {
		cmd.Process.Kill()
		return nil, fmt.Errorf("the per-process server sent no handshake (%v)", err)
	}
	go func() {
		err := passAnswers(answers, out, nil)
		code := 0
		var exit *exec.ExitError
		if werr := cmd.Wait(); errors.As(werr, &exit) {
			code = exit.ExitCode()
		} else if werr != nil || err != nil {
			code = 1
		}
		out.mu.Lock()
		os.Exit(code)
	}()
	return stdin, nil
}
