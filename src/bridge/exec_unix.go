//go:build !windows

package main

import (
	"fmt"
	"os"
	"syscall"
)

// run replaces this process, so go talks to the per-process server directly.
func run(path string, args []string) int {
	err := syscall.Exec(path, args, os.Environ())
	fmt.Fprintf(os.Stderr, "gobuildcache: error: cannot run %s: %v\n", path, err)
	return 1
}
