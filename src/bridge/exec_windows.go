//go:build windows

package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
)

// run starts the per-process server on this process's stdio and passes on its exit code
// (Windows has no exec that keeps the pid).
func run(path string, args []string) int {
	cmd := exec.Command(path, args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode()
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "gobuildcache: error: cannot run %s: %v\n", path, err)
		return 1
	}
	return 0
}
