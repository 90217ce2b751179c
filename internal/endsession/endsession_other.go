//go:build !windows

package endsession

import (
	"context"
	"log/slog"
)

// Watch returns a context cancelled with parent (SIGTERM ends the session here) and a
// done function to call once the program has shut down.
func Watch(parent context.Context, _ *slog.Logger) (ctx context.Context, done func()) {
	ctx, cancel := context.WithCancel(parent)
	return ctx, cancel
}
