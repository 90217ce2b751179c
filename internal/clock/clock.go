// Package clock holds the context-aware wait the agent and the sandbox share: Sleep waits
// on a timer and gives up as soon as the context ends, so a paused worker or a closing
// sandbox never sits out a long wait.
package clock

import (
	"context"
	"time"
)

// Sleep waits d, or until ctx ends. It returns nil when the whole wait passed and
// ctx.Err() when ctx ended first; a d of zero or less does not wait and returns
// ctx.Err(), so a loop around it still stops on cancellation.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
