package systemd

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"
)

// WatchdogInterval returns the service's WatchdogSec from WATCHDOG_USEC, and false when
// no watchdog is asked for this process (unset, or WATCHDOG_PID names another process).
func WatchdogInterval(getenv func(string) string, pid int) (time.Duration, bool) {
	usec, err := strconv.ParseUint(getenv("WATCHDOG_USEC"), 10, 63)
	if err != nil || usec == 0 {
		return 0, false
	}
	if p := getenv("WATCHDOG_PID"); p != "" && p != strconv.Itoa(pid) {
		return 0, false
	}
	return time.Duration(usec) * time.Microsecond, true
}

// Heartbeat returns nil when the part of the program it checks is alive, within ctx.
type Heartbeat func(ctx context.Context) error

// ErrNoAnswer means a heartbeat did not answer in time.
var ErrNoAnswer = errors.New("no answer")

// RoundTrip returns a Heartbeat that posts an empty function through do (fyne.Do, which
// runs it on the UI goroutine) and waits for it to run: a hung UI goroutine never runs
// it, and the heartbeat fails.
func RoundTrip(do func(func())) Heartbeat {
	return func(ctx context.Context) error {
		done := make(chan struct{})
		do(func() { close(done) })
		select {
		case <-done:
			return nil
		case <-ctx.Done():
			return fmt.Errorf("UI goroutine: %w", ErrNoAnswer)
		}
	}
}

// Pinger is where watchdog pings go; Notifier is one.
type Pinger interface {
	Notify(ctx context.Context, state string) error
}

var _ Pinger = Notifier{}

// WatchdogLoop pings every Interval/2 while every heartbeat answers within that time.
// When one does not, it stops pinging until it answers again, so that systemd, after
// WatchdogSec without a ping, kills and restarts the hung app.
type WatchdogLoop struct {
	Pinger     Pinger
	Interval   time.Duration
	Heartbeats []Heartbeat
	Logger     *slog.Logger
}

// Run pings until ctx ends.
func (w WatchdogLoop) Run(ctx context.Context) {
	if w.Logger == nil {
		w.Logger = slog.New(slog.DiscardHandler)
	}
	period := w.Interval / 2
	t := time.NewTicker(period)
	defer t.Stop()
	missed := false
	for {
		err := w.beat(ctx, period)
		switch {
		case err == nil:
			if perr := w.Pinger.Notify(ctx, Watchdog); perr != nil {
				w.Logger.WarnContext(ctx, "watchdog ping", "err", perr)
			}
			if missed {
				w.Logger.InfoContext(ctx, "watchdog: the app answers again")
			}
			missed = false
		case ctx.Err() != nil:
			return
		default:
			if !missed {
				w.Logger.ErrorContext(ctx, "watchdog: the app does not answer; not pinging, so systemd restarts it", "err", err)
			}
			missed = true
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (w WatchdogLoop) beat(ctx context.Context, within time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, within)
	defer cancel()
	for _, hb := range w.Heartbeats {
		if err := hb(ctx); err != nil {
			return err
		}
	}
	return nil
}
