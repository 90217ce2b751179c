package endsession

import (
	"context"
	"io"
	"log/slog"
	"testing"
)

func TestWatchFollowsParentAndDone(t *testing.T) {
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	parent, cancel := context.WithCancel(context.Background())
	ctx, done := Watch(parent, logger)
	if ctx.Err() != nil {
		t.Fatal("cancelled before anything happened")
	}
	cancel()
	<-ctx.Done()
	done()
	done() // twice is harmless

	ctx, done = Watch(context.Background(), logger)
	done()
	if ctx.Err() == nil {
		t.Fatal("done did not cancel the context")
	}
}
