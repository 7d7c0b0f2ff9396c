// Package greet is a tiny library for the action's self-test: enough code that a cache miss
// means the compiler ran, and a test whose result go can cache.
package greet

import (
	"fmt"
	"strings"
)

// Greeting says hello to each name, in order, on one line.
func Greeting(names ...string) string {
	if len(names) == 0 {
		return "Hello, world!"
	}
	return fmt.Sprintf("Hello, %s!", strings.Join(names, " and "))
}
