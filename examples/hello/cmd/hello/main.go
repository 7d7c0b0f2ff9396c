// Command hello prints a greeting for its arguments.
package main

import (
	"fmt"
	"os"

	"example.com/hello/greet"
)

func main() {
	fmt.Println(greet.Greeting(os.Args[1:]...))
}
