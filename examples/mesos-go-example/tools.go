//go:build tools

// Package tools pins mesos-go's own example scheduler and executor, built unmodified from the Go module proxy.
package tools

import (
	_ "github.com/mesos/mesos-go/api/v1/cmd/example-executor"
	_ "github.com/mesos/mesos-go/api/v1/cmd/example-scheduler"
)
