package main

import (
	"bufio"
	"encoding/json"
	"io"
	"os"
	"sync"
)

// passAnswers passes answers on to go, whole lines, until r ends (nil) or fails. accept, if set,
// is asked before each answer: false drops it and ends the passing.
func passAnswers(r *bufio.Reader, out *responses, accept func() bool) error {
	for {
		line, err := r.ReadSlice('\n')
		if len(line) > 0 && (err == nil || err == bufio.ErrBufferFull) && accept != nil && !accept() {
			return nil
		}
		if err == bufio.ErrBufferFull {
			// An answer longer than the buffer (a long error text): passed on whole, nothing
			// written into the middle of it.
			out.mu.Lock()
			out.w.Write(line)
			err = copyLine(r, out.w)
			if err == nil {
				err = out.w.Flush()
			}
			out.mu.Unlock()
			if err != nil {
				return err
			}
			continue
		}
		if err != nil {
			if err == io.EOF && len(line) == 0 {
				return nil
			}
			return err
		}
		if !out.send(line) {
			os.Exit(1)
		}
	}
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
// the server as it came (a put with its body line). It returns once go's input ended and all of
// it was passed on.
func relay(in *bufio.Reader, up *upstream, out *responses, store *localStore, w *watch) error {
	toServer := bufio.NewWriterSize(up, 64<<10)
	report := served{Command: "served"}
	flushReport := func() error {
		if len(report.ActionIDs) == 0 {
			return nil
		}
		line, _ := json.Marshal(report)
		if err := toServer.Flush(); err != nil {
			return err
		}
		if err := up.report(append(line, '\n')); err != nil {
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
				if err := flushReport(); err != nil {
					return err
				}
				return toServer.Flush()
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
