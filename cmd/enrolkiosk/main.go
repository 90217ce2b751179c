// Command enrolkiosk is the kiosk app: operators enrol customers, customers sign, and the
// queue delivers everything to the backend when a network is there.
//
// Flags: --data-dir, --config, --demo (an in-process sandbox backend and the test camera),
// --fullscreen. SIGTERM, SIGINT and closing the window shut it down cleanly.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

// options are the command-line flags.
type options struct {
	dataDir    string
	configPath string
	demo       bool
	fullscreen bool
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

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	if err := run(ctx, o, logger); err != nil {
		fmt.Fprintln(os.Stderr, "enrolkiosk:", err)
		os.Exit(1)
	}
}
