package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"time"
)

// A server that owes answers and has sent nothing for this long is asked, on a connection of its
// own, for a handshake. A live server answers that at once however slow its answers are (a close
// waiting for uploads, a download on a slow link); a stopped or wedged one does not.
const (
	quietBeforeProbe = 5 * time.Second
	probeWait        = 5 * time.Second
)

// wedgedSuffix names the marker a bridge leaves beside the server file (or the unix socket) once
// the server stopped answering, so that later go commands of the job do not wait for it again.
// The server removes it when it starts listening (src/cacheprog/job-server.ts).
const wedgedSuffix = ".wedged"

func markerPath(serverFile, socket string) string {
	if serverFile != "" {
		return serverFile + wedgedSuffix
	}
	if strings.HasPrefix(socket, "tcp:") {
		return ""
	}
	return strings.TrimPrefix(socket, "unix:") + wedgedSuffix
}

// markWedged records why; a marker that cannot be written only costs later commands the wait.
func markWedged(marker, why string) {
	if marker == "" {
		return
	}
	os.WriteFile(marker, []byte(why+"\n"), 0o600)
}

// knownWedged returns the reason an earlier go command of the job left, if any.
func knownWedged(marker string) (string, bool) {
	if marker == "" {
		return "", false
	}
	data, err := os.ReadFile(marker)
	if err != nil {
		return "", false
	}
	return strings.TrimSpace(string(data)), true
}

// watch counts what the server owes this go command and when it was last heard from.
type watch struct {
	sent, answered atomic.Int64
	// Unix nanoseconds of the last answer, or of the request that made the server owe again.
	progress atomic.Int64
}

func (w *watch) requestSent() {
	if w.sent.Load() == w.answered.Load() {
		w.progress.Store(time.Now().UnixNano())
	}
	w.sent.Add(1)
}

func (w *watch) answerHeard() {
	w.progress.Store(time.Now().UnixNano())
	w.answered.Add(1)
}

// quietFor is how long the server has owed an answer without sending one (0: it owes nothing).
func (w *watch) quietFor(now time.Time) time.Duration {
	if w.sent.Load() <= w.answered.Load() {
		return 0
	}
	return now.Sub(time.Unix(0, w.progress.Load()))
}

// run calls wedged (once) when the server owes answers, stays quiet and does not answer a probe.
func (w *watch) run(quiet time.Duration, probe func() error, wedged func(why string)) {
	tick := quiet / 10
	for {
		time.Sleep(tick)
		if w.quietFor(time.Now()) < quiet {
			continue
		}
		if err := probe(); err != nil {
			wedged(fmt.Sprintf("it owed this go command an answer for %s and did not answer a new connection (%v)", quiet, err))
			return
		}
		// Alive, only slow: the quiet time counts again from now.
		w.progress.Store(time.Now().UnixNano())
	}
}

// handshakeProbe connects again and reads the server's handshake within probeWait.
func handshakeProbe(socket, token string) error {
	conn, err := dial(socket)
	if err != nil {
		return err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(probeWait))
	if token != "" {
		if _, err := fmt.Fprintf(conn, "{\"Token\":%q}\n", token); err != nil {
			return err
		}
	}
	_, err = bufio.NewReader(conn).ReadSlice('\n')
	return err
}
