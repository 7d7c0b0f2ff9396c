package greet

import "testing"

func TestGreeting(t *testing.T) {
	cases := map[string][]string{
		"Hello, world!":         nil,
		"Hello, Ada!":           {"Ada"},
		"Hello, Ada and Grace!": {"Ada", "Grace"},
	}
	for want, names := range cases {
		if got := Greeting(names...); got != want {
			t.Errorf("Greeting(%q) = %q, want %q", names, got, want)
		}
	}
}
