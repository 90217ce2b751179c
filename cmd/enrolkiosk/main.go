// Command enrolkiosk is the kiosk app: operators enrol customers, customers sign, and the
// queue delivers everything to the backend when a network is there.
//
// Flags: --data-dir, --config, --demo (an in-process sandbox backend and the test camera),
// --fullscreen. SIGTERM, SIGINT and closing the window shut it down cleanly; on Windows so
// do Ctrl+C or closing the console (console control events) and logging off or shutting
// down Windows (WM_QUERYENDSESSION, internal/endsession).
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/enrolkiosk/enrolkiosk/internal/endsession"
)

// options are the command-line flags.
type options struct {
	dataDir    string
	configPath string
	demo       bool
	fullscreen bool
}

func main() {
	var o options
	flag.StringVar(&o.dataDir, "data-dir", "", "data directory (default: the user's data dir)")
	flag.StringVar(&o.configPath, "config", "", "configuration file (default: the user's config dir)")
	flag.BoolVar(&o.demo, "demo", false, "demo mode: in-process sandbox backend and the test camera")
	flag.BoolVar(&o.fullscreen, "fullscreen", false, "kiosk mode: full screen without window chrome")
	flag.Parse()

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	// Windows' log off and shut down reach a GUI program as window messages, not SIGTERM.
	ctx, shutDown := endsession.Watch(ctx, logger)
	err := run(ctx, o, logger)
	shutDown()
	if err != nil {
		fmt.Fprintln(os.Stderr, "enrolkiosk:", err)
		os.Exit(1)
	}
}
