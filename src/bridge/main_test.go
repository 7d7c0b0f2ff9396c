package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeEntry lays an entry out as the server's local store does.
func writeEntry(t *testing.T, dir string, action [32]byte, body []byte, when time.Time) (outputPath, entryPath string) {
	t.Helper()
	out := sha256.Sum256(body)
	outHex, actHex := hex.EncodeToString(out[:]), hex.EncodeToString(action[:])
	outputPath = filepath.Join(dir, "o", outHex[:2], outHex)
	entryPath = filepath.Join(dir, "a", actHex[:2], actHex)
	for _, p := range []string{outputPath, entryPath} {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(outputPath, body, 0o644); err != nil {
		t.Fatal(err)
	}
	line := fmt.Sprintf("v1 %s %d %s\n", outHex, len(body), when.UTC().Format("2006-01-02T15:04:05.000Z"))
	if err := os.WriteFile(entryPath, []byte(line), 0o644); err != nil {
		t.Fatal(err)
	}
	return outputPath, entryPath
}

func TestLocalStoreGet(t *testing.T) {
	dir := t.TempDir()
	store := &localStore{dir: dir}
	body := []byte("compiled archive")
	hitAction := sha256.Sum256([]byte("hit"))
	old := time.Now().Add(-2 * time.Hour).Truncate(time.Millisecond)
	outputPath, entryPath := writeEntry(t, dir, hitAction, body, old)
	os.Chtimes(entryPath, old, old)

	line, size, action := store.get(7, hitAction[:])
	if line == nil {
		t.Fatal("expected a hit")
	}
	var got struct {
		ID       int64
		OutputID string
		Size     int64
		Time     string
		DiskPath string
		Miss     bool
	}
	if err := json.Unmarshal(line, &got); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(body)
	if got.ID != 7 || got.OutputID != base64.StdEncoding.EncodeToString(sum[:]) || got.Size != int64(len(body)) || got.DiskPath != outputPath || got.Miss {
		t.Fatalf("wrong hit: %s", line)
	}
	if when, err := time.Parse(time.RFC3339Nano, got.Time); err != nil || !when.Equal(old) {
		t.Fatalf("time %q, want %v", got.Time, old)
	}
	if size != int64(len(body)) || action != hex.EncodeToString(hitAction[:]) {
		t.Fatalf("size %d action %s", size, action)
	}
	if st, _ := os.Stat(entryPath); time.Since(st.ModTime()) > time.Minute {
		t.Fatal("a hit on an entry last used over an hour ago marks it used for the trim")
	}

	missing := sha256.Sum256([]byte("never stored"))
	if line, _, _ := store.get(1, missing[:]); line != nil {
		t.Fatal("no index file: a miss")
	}
	short := sha256.Sum256([]byte("output cut short"))
	shortOut, _ := writeEntry(t, dir, short, []byte("a longer body"), time.Now())
	os.WriteFile(shortOut, []byte("a long"), 0o644)
	if line, _, _ := store.get(2, short[:]); line != nil {
		t.Fatal("an output of the wrong size: a miss (the server decides)")
	}
	bad := sha256.Sum256([]byte("bad line"))
	_, badEntry := writeEntry(t, dir, bad, []byte("x"), time.Now())
	os.WriteFile(badEntry, []byte("v2 something else\n"), 0o644)
	if line, _, _ := store.get(3, bad[:]); line != nil {
		t.Fatal("an index line of another version: a miss")
	}
}

// The relay answers hits itself, passes misses, puts (with their body line) and close on, and
// reports what it served before close.
func TestRelay(t *testing.T) {
	dir := t.TempDir()
	hitAction := sha256.Sum256([]byte("hit"))
	writeEntry(t, dir, hitAction, []byte("archive"), time.Now())
	missAction := sha256.Sum256([]byte("miss"))
	b64 := func(b [32]byte) string { return base64.StdEncoding.EncodeToString(b[:]) }
	out := sha256.Sum256([]byte("put body"))
	requests := strings.Join([]string{
		fmt.Sprintf(`{"ID":1,"Command":"get","ActionID":%q}`, b64(hitAction)),
		fmt.Sprintf(`{"ID":2,"Command":"get","ActionID":%q}`, b64(missAction)),
		fmt.Sprintf(`{"ID":3,"Command":"put","ActionID":%q,"OutputID":%q,"BodySize":8}`, b64(missAction), b64(out)),
		fmt.Sprintf(`%q`, base64.StdEncoding.EncodeToString([]byte("put body"))),
		`{"ID":4,"Command":"close"}`,
	}, "\n") + "\n"
	run := func(store *localStore) (toGo, toServer bytes.Buffer) {
		resp := &responses{w: bufio.NewWriter(&toGo)}
		if err := relay(bufio.NewReader(strings.NewReader(requests)), newUpstream(&toServer, func() {}), resp, store, &watch{}); err != nil {
			t.Fatal(err)
		}
		return toGo, toServer
	}
	// -local=false: every request reaches the server as go wrote it, and nothing is reported.
	if toGo, toServer := run(nil); toGo.Len() != 0 || toServer.String() != requests {
		t.Fatalf("without a store: go got %q, the server %q", toGo.String(), toServer.String())
	}
	toGo, toServer := run(&localStore{dir: dir})
	goLines := strings.Split(strings.TrimSpace(toGo.String()), "\n")
	if len(goLines) != 1 || !strings.HasPrefix(goLines[0], `{"ID":1,"OutputID":`) {
		t.Fatalf("go got %q, want only the hit", goLines)
	}
	serverLines := strings.Split(strings.TrimSpace(toServer.String()), "\n")
	want := []string{`"ID":2,"Command":"get"`, `"ID":3,"Command":"put"`, `"`, `"Command":"served"`, `"ID":4,"Command":"close"`}
	if len(serverLines) != len(want) {
		t.Fatalf("server got %d lines, want %d: %q", len(serverLines), len(want), serverLines)
	}
	for i, w := range want {
		if !strings.Contains(serverLines[i], w) {
			t.Fatalf("server line %d = %q, want it to contain %q", i, serverLines[i], w)
		}
	}
	var report struct {
		ActionIDs []string
		Bytes     int64
	}
	if err := json.Unmarshal([]byte(serverLines[3]), &report); err != nil || len(report.ActionIDs) != 1 || report.ActionIDs[0] != hex.EncodeToString(hitAction[:]) || report.Bytes != 7 {
		t.Fatalf("served report %q (%v)", serverLines[3], err)
	}
}
