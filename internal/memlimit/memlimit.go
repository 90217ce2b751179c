// Package memlimit sets the soft memory limit of the kiosk's Go runtime, so that the
// collector keeps a long backlog's garbage from doubling the heap.
package memlimit

import (
	"os"
	"runtime/debug"
)

// Default is the kiosk's soft limit on the Go runtime's memory (heap, stacks, runtime
// data; not the store's mapped file nor the C libraries' memory). A field agent's backlog
// of 5,000 enrolments peaked at about 210 MB live (docs/sync.md, Scale); without a limit
// the collector lets garbage grow the heap to twice the live data.
const Default = 256 << 20

// Apply sets the limit to Default unless GOMEMLIMIT already sets one (the runtime reads
// it at start, and an operator's value wins), and returns the limit in force. Over the
// limit the collector runs more often, never stops the program: a live heap above it
// costs CPU (at most half of it, the runtime's own cap), not a crash.
func Apply() int64 {
	if os.Getenv("GOMEMLIMIT") != "" {
		return debug.SetMemoryLimit(-1)
	}
	debug.SetMemoryLimit(Default)
	return Default
}
