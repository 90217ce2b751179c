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

// warnBefore is how long before the inactivity lock the "Still there?" warning shows.
const warnBefore = 30 * time.Second

// padLockFactor stretches the lock while the customer has the screen (the pad, the
// hand-back screen): reading the terms and signing take longer than typing, and a lock
// mid-signature would hand the customer the operator's login. At least padLockMin.
const (
	padLockFactor = 3
	padLockMin    = 5 * time.Minute
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

// limit is how long without input locks: longer while the customer has the screen.
func (a *activity) limit(customer bool) time.Duration {
	if customer && a.after > 0 {
		return max(a.after*padLockFactor, padLockMin)
	}
	return a.after
}

// left returns how long remains at now before the lock (0 or less: lock now), and false
// when the lock is off.
func (a *activity) left(now time.Time, customer bool) (time.Duration, bool) {
	l := a.limit(customer)
	if l <= 0 {
		return 0, false
	}
	return l - now.Sub(time.Unix(0, a.last.Load())), true
}

// run calls tick on the UI goroutine every second (or more often for a short lock) until
// ctx ends; the shell decides there whether to warn or lock.
func (a *activity) run(ctx context.Context, tick func(now time.Time)) {
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
			fyne.Do(func() { tick(now) })
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
