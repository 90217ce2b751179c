// Command enrolkiosk is the kiosk app: operators enrol customers, customers sign, and the
// queue delivers everything to the backend when a network is there.
//
// Flags: --data-dir, --config, --demo (an in-process sandbox backend and the test camera),
// --fullscreen. SIGTERM, SIGINT and closing the window shut it down cleanly.
//
// Test hook: with ENROLKIOSK_UI_PROBE=/path/to/file.json in the environment the app writes
// the texts on screen and where they are to that file after every change (ui.PublishProbe),
// for the end-to-end tests. It is off when the variable is unset, as in production; the
// file holds what the screen shows, customer data included.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

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

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	if err := run(ctx, o, logger); err != nil {
		fmt.Fprintln(os.Stderr, "enrolkiosk:", err)
		os.Exit(1)
	}
}
