package main

import (
	"errors"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestWatchGivesUpOnlyOnAServerThatFailsTheProbe(t *testing.T) {
	const quiet = 50 * time.Millisecond
	// Owes an answer and fails the probe: wedged.
	w := &watch{}
	w.requestSent()
	got := make(chan string, 1)
	go w.run(quiet, func() error { return errors.New("i/o timeout") }, func(why string) { got <- why })
	select {
	case why := <-got:
		if !strings.Contains(why, "i/o timeout") {
			t.Fatalf("reason %q does not name the probe's error", why)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a quiet server that fails the probe was not given up on")
	}

	// Owes nothing: never probed, whatever the silence.
	idle := &watch{}
	probed := make(chan struct{}, 1)
	go idle.run(quiet, func() error { probed <- struct{}{}; return errors.New("x") }, func(string) {})
	select {
	case <-probed:
		t.Fatal("a server that owes nothing was probed")
	case <-time.After(10 * quiet):
	}

	// Slow but alive: probed, answers, and is waited for again.
	slow := &watch{}
	slow.requestSent()
	probes := make(chan struct{}, 10)
	gaveUp := make(chan string, 1)
	go slow.run(quiet, func() error { probes <- struct{}{}; return nil }, func(why string) { gaveUp <- why })
	for i := 0; i < 2; i++ {
		select {
		case <-probes:
		case why := <-gaveUp:
			t.Fatalf("a live server was given up on: %s", why)
		case <-time.After(5 * time.Second):
			t.Fatal("a quiet server was not probed")
		}
	}
	slow.answerHeard()
	if d := slow.quietFor(time.Now()); d != 0 {
		t.Fatalf("answered everything, still quiet for %s", d)
	}
}

func TestHandshakeProbeTimesOutOnAServerThatAcceptsAndSaysNothing(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "s")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	err = handshakeProbe("unix:"+sock, "")
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("probe of a silent server: %v, want a timeout", err)
	}
}

func TestWedgedMarker(t *testing.T) {
	dir := t.TempDir()
	marker := markerPath("", "unix:"+filepath.Join(dir, "s"))
	if marker != filepath.Join(dir, "s.wedged") {
		t.Fatalf("marker %q", marker)
	}
	if markerPath("", "tcp:127.0.0.1:1") != "" || markerPath("/x/server.json", "tcp:127.0.0.1:1") != "/x/server.json.wedged" {
		t.Fatal("a tcp socket has a marker only beside its server file")
	}
	if _, ok := knownWedged(marker); ok {
		t.Fatal("no marker yet")
	}
	markWedged(marker, "stopped")
	if why, ok := knownWedged(marker); !ok || why != "stopped" {
		t.Fatalf("marker read back as %q %v", why, ok)
	}
}
