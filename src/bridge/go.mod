module gobuildcache-bridge

go 1.26
