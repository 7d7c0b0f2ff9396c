// Command gohelper is a minimal GOCACHEPROG server in Go that reads and writes the same local
// cache layout as our entrypoint (a/<xx>/<action id> index lines, o/<xx>/<output id> files). The
// benchmark runs it on our warm local cache as a floor: what the protocol itself costs per
// request with a compiled helper that starts in a few milliseconds. It is NOT the reference
// implementation (github.com/richardartoul/gobuildcache), which cannot be installed here.
//
//	GOCACHEPROG="gohelper -cache-dir /abs/dir" go build ./...
package main

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

type request struct {
	ID       int64
	Command  string
	ActionID []byte `json:",omitempty"`
	OutputID []byte `json:",omitempty"`
	ObjectID []byte `json:",omitempty"`
	BodySize int64  `json:",omitempty"`
}

type response struct {
	ID            int64
	Err           string     `json:",omitempty"`
	KnownCommands []string   `json:",omitempty"`
	Miss          bool       `json:",omitempty"`
	OutputID      []byte     `json:",omitempty"`
	Size          int64      `json:",omitempty"`
	Time          *time.Time `json:",omitempty"`
	DiskPath      string     `json:",omitempty"`
}

var dir string

func outputPath(id string) string { return filepath.Join(dir, "o", id[:2], id) }
func entryPath(id string) string  { return filepath.Join(dir, "a", id[:2], id) }

func writeAtomic(target string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return err
	}
	tmp := fmt.Sprintf("%s.tmp%d", target, os.Getpid())
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, target)
}

func get(req *request) response {
	action := hex.EncodeToString(req.ActionID)
	line, err := os.ReadFile(entryPath(action))
	if err != nil {
		return response{ID: req.ID, Miss: true}
	}
	f := strings.Fields(string(line))
	if len(f) != 4 || f[0] != "v1" {
		return response{ID: req.ID, Miss: true}
	}
	size, err1 := strconv.ParseInt(f[2], 10, 64)
	t, err2 := time.Parse(time.RFC3339Nano, f[3])
	out, err3 := hex.DecodeString(f[1])
	if err1 != nil || err2 != nil || err3 != nil {
		return response{ID: req.ID, Miss: true}
	}
	st, err := os.Stat(outputPath(f[1]))
	if err != nil || st.Size() != size {
		return response{ID: req.ID, Miss: true}
	}
	return response{ID: req.ID, OutputID: out, Size: size, Time: &t, DiskPath: outputPath(f[1])}
}

func put(req *request, body []byte) response {
	action := hex.EncodeToString(req.ActionID)
	outID := req.OutputID
	if outID == nil {
		outID = req.ObjectID
	}
	out := hex.EncodeToString(outID)
	p := outputPath(out)
	if st, err := os.Stat(p); err != nil || st.Size() != int64(len(body)) {
		if err := writeAtomic(p, body); err != nil {
			return response{ID: req.ID, Err: err.Error()}
		}
	}
	line := fmt.Sprintf("v1 %s %d %s\n", out, len(body), time.Now().UTC().Format("2006-01-02T15:04:05.000Z"))
	if err := writeAtomic(entryPath(action), []byte(line)); err != nil {
		return response{ID: req.ID, Err: err.Error()}
	}
	return response{ID: req.ID, DiskPath: p}
}

func main() {
	flag.StringVar(&dir, "cache-dir", "", "cache directory (our entrypoint's layout)")
	flag.Parse()
	if dir == "" {
		fmt.Fprintln(os.Stderr, "gohelper: -cache-dir is required")
		os.Exit(2)
	}
	w := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(w)
	send := func(r response) {
		if err := enc.Encode(r); err != nil {
			os.Exit(1)
		}
		w.Flush()
	}
	send(response{ID: 0, KnownCommands: []string{"get", "put", "close"}})
	dec := json.NewDecoder(bufio.NewReader(os.Stdin))
	for {
		var req request
		if err := dec.Decode(&req); err != nil {
			if err == io.EOF {
				return
			}
			fmt.Fprintln(os.Stderr, "gohelper:", err)
			os.Exit(1)
		}
		switch req.Command {
		case "get":
			send(get(&req))
		case "put":
			var body []byte
			if req.BodySize > 0 {
				if err := dec.Decode(&body); err != nil {
					fmt.Fprintln(os.Stderr, "gohelper: body:", err)
					os.Exit(1)
				}
			}
			send(put(&req, body))
		case "close":
			send(response{ID: req.ID})
			return
		default:
			send(response{ID: req.ID, Err: "unknown command " + req.Command})
		}
	}
}
