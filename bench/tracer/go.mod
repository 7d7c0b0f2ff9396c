module tracer

go 1.24
