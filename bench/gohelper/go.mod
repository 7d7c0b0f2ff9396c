module gobuildcache-action/bench/gohelper

go 1.24
