package ui

import (
	"context"
	"image/color"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// activity is an invisible layer over the whole window that notices pointer movement
// (mouse, touch, pen hovering) without taking taps, drags or keys, and the clock of the
// inactivity lock. Screens also report actions through touch (typing, Next, Back).
type activity struct {
	widget.BaseWidget
	after time.Duration // 0: never lock
	last  atomic.Int64  // unix nanoseconds of the last input
}

var _ desktop.Hoverable = (*activity)(nil)

func newActivity(after time.Duration) *activity {
	a := &activity{after: after}
	a.touch()
	a.ExtendBaseWidget(a)
	return a
}

// touch records input now.
func (a *activity) touch() { a.last.Store(time.Now().UnixNano()) }

// idle reports whether no input came for the lock's duration at now.
func (a *activity) idle(now time.Time) bool {
	return a.after > 0 && now.Sub(time.Unix(0, a.last.Load())) >= a.after
}

// run calls onIdle on the UI goroutine each time the lock's duration passes without
// input, until ctx ends.
func (a *activity) run(ctx context.Context, onIdle func()) {
	if a.after <= 0 {
		<-ctx.Done()
		return
	}
	t := time.NewTicker(min(time.Second, a.after/4))
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			if a.idle(now) {
				a.touch()
				fyne.Do(onIdle)
			}
		}
	}
}

// MouseIn implements desktop.Hoverable.
func (a *activity) MouseIn(*desktop.MouseEvent) { a.touch() }

// MouseMoved implements desktop.Hoverable.
func (a *activity) MouseMoved(*desktop.MouseEvent) { a.touch() }

// MouseOut implements desktop.Hoverable.
func (a *activity) MouseOut() {}

// CreateRenderer implements fyne.Widget: nothing is drawn.
func (a *activity) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}
