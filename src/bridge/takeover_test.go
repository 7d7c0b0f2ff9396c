package main

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The test binary runs as the bridge itself when asked (TestMain), so the whole program is
// tested as go runs it: stdin, stdout, a server socket, and the per-process fallback.
func TestMain(m *testing.M) {
	if os.Getenv("BRIDGE_TEST_RUN_MAIN") == "1" {
		os.Args = append([]string{"gobuildcache-bridge"}, strings.Fields(os.Getenv("BRIDGE_TEST_ARGS"))...)
		main()
		return
	}
	os.Exit(m.Run())
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// Requests the server never answered go to the new server, in order, and nothing twice; served
// reports never; once the server answered, there is no takeover.
func TestUpstreamTakeOver(t *testing.T) {
	var old, standIn bytes.Buffer
	up := newUpstream(&old, func() {})
	up.Write([]byte("get 1\n"))
	up.report([]byte("served\n"))
	up.Write([]byte("get 2\n"))
	moved, err := up.takeOver(func() {}, func() (io.WriteCloser, error) { return nopCloser{&standIn}, nil })
	if !moved || err != nil {
		t.Fatalf("takeOver = %v, %v", moved, err)
	}
	up.Write([]byte("close 3\n"))
	up.report([]byte("served\n"))
	if got := standIn.String(); got != "get 1\nget 2\nclose 3\n" {
		t.Fatalf("the stand-in got %q", got)
	}
	if up.serverAnswered() {
		t.Fatal("an answer of the abandoned server must be dropped")
	}

	answered := newUpstream(&old, func() {})
	answered.Write([]byte("get 1\n"))
	if !answered.serverAnswered() {
		t.Fatal("an answer of a live server goes to go")
	}
	if moved, _ := answered.takeOver(func() { t.Fatal("abandoned a server that answered") }, nil); moved {
		t.Fatal("a server that answered something was replaced")
	}
}

// A write blocked on a stopped server (its socket buffer full) ends when the takeover cuts the
// server off, without an error: what it was writing is replayed.
func TestUpstreamWriteBlockedOnAStoppedServer(t *testing.T) {
	client, server := net.Pipe() // unbuffered, and nobody reads server: every write blocks
	defer server.Close()
	up := newUpstream(client, func() {})
	wrote := make(chan error, 1)
	go func() {
		_, err := up.Write([]byte("put 1\nbody\n"))
		wrote <- err
	}()
	time.Sleep(50 * time.Millisecond)
	var standIn bytes.Buffer
	if moved, err := up.takeOver(func() { client.Close() }, func() (io.WriteCloser, error) { return nopCloser{&standIn}, nil }); !moved || err != nil {
		t.Fatalf("takeOver = %v, %v", moved, err)
	}
	select {
	case err := <-wrote:
		if err != nil {
			t.Fatalf("the blocked write failed: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the blocked write did not end")
	}
	if standIn.String() != "put 1\nbody\n" {
		t.Fatalf("the stand-in got %q", standIn.String())
	}
}

// A per-process server in sh: a miss for every get, an answer to close.
const standInScript = `echo '{"ID":0,"KnownCommands":["get","put","close"]}'
while IFS= read -r line; do
  id=$(printf '%s' "$line" | sed -n 's/.*"ID":\([0-9]*\).*/\1/p')
  case "$line" in *'"close"'*) echo "{\"ID\":$id}"; exit 0;; esac
  echo "{\"ID\":$id,\"Miss\":true}"
done
`

// runBridge starts the bridge on a fake job server whose side of each connection is `serve`.
func runBridge(t *testing.T, serve func(conn net.Conn, requests *bufio.Reader)) (stdin io.WriteCloser, stdout *bufio.Reader, stderr *bytes.Buffer, cmd *exec.Cmd) {
	t.Helper()
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	dir := t.TempDir()
	sock := filepath.Join(dir, "s")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Skip(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				conn.Write([]byte(`{"ID":0,"KnownCommands":["get","put","close"]}` + "\n"))
				serve(conn, bufio.NewReader(conn))
			}()
		}
	}()
	script := filepath.Join(dir, "standin.sh")
	os.WriteFile(script, []byte(standInScript), 0o755)
	cmd = exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "BRIDGE_TEST_RUN_MAIN=1", "BRIDGE_TEST_ARGS=-socket unix:"+sock+" -node sh -script "+script)
	stderr = &bytes.Buffer{}
	cmd.Stderr = stderr
	stdin, _ = cmd.StdinPipe()
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	stdout = bufio.NewReader(out)
	if line, err := stdout.ReadString('\n'); err != nil || !strings.Contains(line, "KnownCommands") {
		t.Fatalf("handshake %q, %v", line, err)
	}
	return stdin, stdout, stderr, cmd
}

func answer(t *testing.T, stdout *bufio.Reader) string {
	t.Helper()
	got := make(chan string, 1)
	go func() {
		line, _ := stdout.ReadString('\n')
		got <- line
	}()
	select {
	case line := <-got:
		return strings.TrimSpace(line)
	case <-time.After(20 * time.Second):
		t.Fatal("no answer")
		return ""
	}
}

// A server that dies after its handshake, before it answered anything: go's command is finished
// by the per-process server, which is given the request the dead one took.
func TestBridgeTakesOverFromAServerThatDiesBeforeAnswering(t *testing.T) {
	stdin, stdout, stderr, cmd := runBridge(t, func(conn net.Conn, requests *bufio.Reader) {
		requests.ReadString('\n') // takes the get, then dies
		conn.Close()
	})
	stdin.Write([]byte(`{"ID":1,"Command":"get","ActionID":"AAAA"}` + "\n"))
	if got := answer(t, stdout); got != `{"ID":1,"Miss":true}` {
		t.Fatalf("go got %q", got)
	}
	stdin.Write([]byte(`{"ID":2,"Command":"close"}` + "\n"))
	if got := answer(t, stdout); got != `{"ID":2}` {
		t.Fatalf("go got %q", got)
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("the bridge failed: %v (%s)", err, stderr)
	}
	if !strings.Contains(stderr.String(), "closed the connection (EOF) before its first answer to this go command; this go command runs its own cache server instead") {
		t.Fatalf("stderr %q", stderr)
	}
}

// One that answered something and then dies owing an answer: the go command fails, with why.
func TestBridgeFailsWhenAServerThatAnsweredDies(t *testing.T) {
	stdin, stdout, stderr, cmd := runBridge(t, func(conn net.Conn, requests *bufio.Reader) {
		requests.ReadString('\n')
		conn.Write([]byte(`{"ID":1,"Miss":true}` + "\n"))
		requests.ReadString('\n')
		conn.Close()
	})
	stdin.Write([]byte(`{"ID":1,"Command":"get","ActionID":"AAAA"}` + "\n"))
	if got := answer(t, stdout); got != `{"ID":1,"Miss":true}` {
		t.Fatalf("go got %q", got)
	}
	stdin.Write([]byte(`{"ID":2,"Command":"get","ActionID":"BBBB"}` + "\n"))
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("the bridge succeeded with an answer owed")
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the bridge did not end")
	}
	if !strings.Contains(stderr.String(), "gobuildcache: error: lost the job's cache server at unix:") || !strings.Contains(stderr.String(), "owing this go command 1 answer(s)") {
		t.Fatalf("stderr %q", stderr)
	}
}
