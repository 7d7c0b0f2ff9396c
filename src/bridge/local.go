package main

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// useResolution is the local store's USE_RESOLUTION_MS (src/cacheprog/store/local-store.ts): a hit
// on an index file older than this sets its mtime, which the size cap's LRU trim reads.
const useResolution = time.Hour

// localStore reads the layout the server writes (src/cacheprog/store/local-store.ts):
//
//	a/<xx>/<action id>   one line: v1 <output id> <size> <time>
//	o/<xx>/<output id>   the output (the DiskPath go reads)
//
// Every file there is written whole through a rename, and only after its content was checked
// against its output id, so what this finds is what the server would have answered.
type localStore struct {
	dir string
	buf [256]byte
}

// hit is go's response to a get that hit; OutputID goes out as base64, as go writes ids.
type hit struct {
	ID       int64
	OutputID []byte
	Size     int64
	Time     string
	DiskPath string
}

// get returns go's response line for a hit, its size and the action id in hex; nil on a miss,
// which the server then answers (it may find the entry in the remote or in a pack in flight).
func (s *localStore) get(id int64, actionID []byte) ([]byte, int64, string) {
	action := hex.EncodeToString(actionID)
	entry := filepath.Join(s.dir, "a", action[:2], action)
	f, err := os.Open(entry)
	if err != nil {
		return nil, 0, ""
	}
	st, err := f.Stat()
	n, _ := f.Read(s.buf[:])
	f.Close()
	if err != nil || n == 0 || n == len(s.buf) {
		return nil, 0, ""
	}
	fields := bytes.Fields(s.buf[:n])
	if len(fields) != 4 || string(fields[0]) != "v1" || len(fields[1]) != 64 {
		return nil, 0, ""
	}
	outputID, err := hex.DecodeString(string(fields[1]))
	if err != nil {
		return nil, 0, ""
	}
	size, err := strconv.ParseInt(string(fields[2]), 10, 64)
	if err != nil || size < 0 {
		return nil, 0, ""
	}
	if _, err := time.Parse(time.RFC3339Nano, string(fields[3])); err != nil {
		return nil, 0, ""
	}
	output := filepath.Join(s.dir, "o", string(fields[1][:2]), string(fields[1]))
	if ost, err := os.Stat(output); err != nil || !ost.Mode().IsRegular() || ost.Size() != size {
		return nil, 0, ""
	}
	if now := time.Now(); now.Sub(st.ModTime()) >= useResolution {
		// Gone or read-only: the entry only loses its place in the LRU order.
		os.Chtimes(entry, now, now)
	}
	line, err := json.Marshal(hit{ID: id, OutputID: outputID, Size: size, Time: string(fields[3]), DiskPath: output})
	if err != nil {
		return nil, 0, ""
	}
	return append(line, '\n'), size, action
}
