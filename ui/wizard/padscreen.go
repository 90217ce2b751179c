package wizard

import (
	"context"
	"sync"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/stu"
)

// padScreen is a pen source with its own screen (a Wacom STU pad): the customer's prompt
// is shown on it and its ink follows the kiosk's Clear and Undo.
type padScreen interface {
	// ShowPrompt draws the prompt on the pad and turns its ink on.
	ShowPrompt(ctx context.Context, pr stu.Prompt) error
	// Redraw clears the pad's ink and shows the prompt with the strokes of sig.
	Redraw(ctx context.Context, sig signature.Signature) error
}

var _ padScreen = (*stu.Pad)(nil)

// screenSync keeps a pad's screen in step with the kiosk's pad, off the UI goroutine:
// it shows the prompt (and the strokes kept, after a reconnection), then redraws with
// the latest strokes whenever asked. Requests made while an upload runs collapse into
// the newest, so the pad ends showing what the kiosk shows.
type screenSync struct {
	mu      sync.Mutex
	pending *signature.Signature
	wake    chan struct{}
}

func startScreenSync(ctx context.Context, scr padScreen, pr stu.Prompt, kept signature.Signature, fail func(error)) *screenSync {
	s := &screenSync{wake: make(chan struct{}, 1)}
	go func() {
		err := scr.ShowPrompt(ctx, pr)
		if err == nil && len(kept.Samples) > 0 {
			err = scr.Redraw(ctx, kept)
		}
		if err != nil && ctx.Err() == nil {
			fail(err)
		}
		for {
			select {
			case <-ctx.Done():
				return
			case <-s.wake:
			}
			s.mu.Lock()
			sig := s.pending
			s.pending = nil
			s.mu.Unlock()
			if sig == nil {
				continue
			}
			if err := scr.Redraw(ctx, *sig); err != nil && ctx.Err() == nil {
				fail(err)
			}
		}
	}()
	return s
}

// redraw asks for the pad's screen to show sig's strokes (none after Clear).
func (s *screenSync) redraw(sig signature.Signature) {
	s.mu.Lock()
	s.pending = &sig
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}
