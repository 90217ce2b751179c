package lockdown

import (
	"log/slog"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
)

// grabTries and grabWait bound how long Hold keeps trying to grab: right after going
// full screen the window manager may still hold a grab of its own, or the window may not
// be mapped yet.
const (
	grabTries = 20
	grabWait  = 50 * time.Millisecond
)

// Lockdown holds one window for the signer. Its methods must be called on the UI
// goroutine.
type Lockdown struct {
	win     fyne.Window
	logger  *slog.Logger
	held    bool
	wasFull bool
	gen     int // counts Holds, so that a late grab retry of an earlier Hold gives up
}

// New returns a Lockdown of win; logger (nil: discard) reports a grab that failed.
func New(win fyne.Window, logger *slog.Logger) *Lockdown {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Lockdown{win: win, logger: logger}
}

// Hold makes the window full screen and grabs the keyboard and the pointer where X11
// allows it.
func (l *Lockdown) Hold() {
	if l.held {
		return
	}
	l.held = true
	l.gen++
	l.wasFull = l.win.FullScreen()
	if !l.wasFull {
		l.win.SetFullScreen(true)
	}
	l.grab(l.gen, 0)
}

// grab tries the X11 grabs, again a little later while they fail.
func (l *Lockdown) grab(gen, try int) {
	if !l.held || gen != l.gen {
		return
	}
	nw, ok := l.win.(driver.NativeWindow)
	if !ok {
		return
	}
	var err error
	nw.RunNative(func(ctx any) {
		if x, ok := ctx.(driver.X11WindowContext); ok && x.WindowHandle != 0 {
			err = grabX11(x.WindowHandle)
		}
	})
	switch {
	case err == nil:
		if try > 0 {
			l.logger.Debug("signer's screen: keyboard and pointer grabbed", "tries", try+1)
		}
	case try+1 < grabTries:
		time.AfterFunc(grabWait, func() { fyne.Do(func() { l.grab(gen, try+1) }) })
	default:
		l.logger.Warn("signer's screen: the keyboard and pointer could not be grabbed; the window manager's keys still work", "err", err)
	}
}

// Release ungrabs and puts the window back as it was.
func (l *Lockdown) Release() {
	if !l.held {
		return
	}
	l.held = false
	if nw, ok := l.win.(driver.NativeWindow); ok {
		nw.RunNative(func(ctx any) {
			if _, ok := ctx.(driver.X11WindowContext); ok {
				ungrabX11()
			}
		})
	}
	if !l.wasFull {
		l.win.SetFullScreen(false)
	}
}

// Held reports whether the window is held for the signer.
func (l *Lockdown) Held() bool { return l.held }
