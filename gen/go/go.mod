module github.com/latchkey/latchkey/gen/go

go 1.19
