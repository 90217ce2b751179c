// Command enrolkiosk is the kiosk app: operators enrol customers, customers sign, and the
// queue delivers everything to the backend when a network is there.
//
// Flags: --data-dir, --config, --demo (an in-process sandbox backend and the test camera),
// --fullscreen. SIGTERM, SIGINT and closing the window shut it down cleanly; on Windows so
// do Ctrl+C or closing the console (console control events) and logging off or shutting
// down Windows (WM_QUERYENDSESSION, internal/endsession). Under systemd
// it logs JSON to the journal, says READY=1 and pings the watchdog while its UI answers
// (docs/fleet.md); a remote configuration applied restarts it in place.
//
// Test hook: with ENROLKIOSK_UI_PROBE=/path/to/file.json in the environment the app writes
// the texts on screen and where they are to that file after every change (ui.PublishProbe),
// for the end-to-end tests. It is off when the variable is unset, as in production; the
// file holds what the screen shows, customer data included.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/enrolkiosk/enrolkiosk/internal/endsession"
	"github.com/enrolkiosk/enrolkiosk/internal/memlimit"
	"github.com/enrolkiosk/enrolkiosk/internal/systemd"
	"github.com/enrolkiosk/enrolkiosk/ui"
)

// options are the command-line flags.
type options struct {
	dataDir    string
	configPath string
	demo       bool
	fullscreen bool
	// probe is the file the UI probe writes to ("" = off), from ui.ProbeEnv.
	probe string
}

// flags returns the command line's flags, filling o.
func flags(o *options) *flag.FlagSet {
	fs := flag.NewFlagSet("enrolkiosk", flag.ExitOnError)
	fs.StringVar(&o.dataDir, "data-dir", "", "data directory (default: the user's data dir)")
	fs.StringVar(&o.configPath, "config", "", "configuration file (default: the user's config dir)")
	fs.BoolVar(&o.demo, "demo", false, "demo mode: in-process sandbox backend and the test camera")
	fs.BoolVar(&o.fullscreen, "fullscreen", false, "kiosk mode: full screen without window chrome (the default outside demo mode, kiosk.fullscreen)")
	return fs
}

func main() {
	var o options
	flags(&o).Parse(os.Args[1:])
	o.probe = os.Getenv(ui.ProbeEnv)

	logger := newLogger()
	memlimit.Apply()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	// Windows' log off and shut down reach a GUI program as window messages, not SIGTERM.
	ctx, shutDown := endsession.Watch(ctx, logger)
	err := run(ctx, o, logger)
	shutDown()
	stop()
	if errors.Is(err, errRestart) {
		restart(logger)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "enrolkiosk:", err)
		os.Exit(1)
	}
}

// newLogger logs JSON lines when stderr is the journal (a systemd service: a fleet's log
// collector reads the fields), and text for a person at a terminal otherwise.
func newLogger() *slog.Logger {
	opts := &slog.HandlerOptions{Level: slog.LevelInfo}
	if systemd.StderrIsJournal(os.Getenv, os.Stderr) {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}

// restart replaces this process with a new run of the same program and arguments, after
// run shut everything down cleanly. The process id stays, so systemd sees the same
// service become ready again.
func restart(logger *slog.Logger) {
	exe, err := os.Executable()
	if err == nil {
		logger.Info("restarting", "reason", errRestart.Error())
		err = syscall.Exec(exe, os.Args, os.Environ())
	}
	fmt.Fprintln(os.Stderr, "enrolkiosk: restart:", err, "(start the app again to apply the new configuration)")
	os.Exit(1)
}
