// Command sandbox runs a local backend that speaks the seed APIs, for demos and tests.
// It prints the address it listens on, so "--addr 127.0.0.1:0" works in tests.
// docs/sandbox.md describes every API, the demo credentials and the fault flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/enrolkiosk/enrolkiosk/sandbox"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout)
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "sandbox:", err)
	}
	stop()
	os.Exit(exitCode(err))
}

// exitCode is 0 for success and for --help (the usage was printed), 2 for a bad command
// line, 1 for anything else.
func exitCode(err error) int {
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	}
	return 1
}

// errUsage marks a bad command line.
var errUsage = errors.New("usage")

// config is the parsed command line.
type config struct {
	addr    string
	verbose bool
	opts    sandbox.Options
}

func parse(args []string, stderr io.Writer) (config, error) {
	var c config
	var codes string
	var latency time.Duration
	fs := flag.NewFlagSet("sandbox", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.addr, "addr", "127.0.0.1:8089", "address to listen on (127.0.0.1:0 picks a free port)")
	fs.StringVar(&c.opts.DataDir, "data", "", "directory for the sandbox database (empty: a temporary one)")
	fs.Uint64Var(&c.opts.Seed, "seed", 1, "seed of the fault injection sequence (same seed, same faults)")
	fs.StringVar(&c.opts.RecordDir, "record", "", "write each raw request to a file in this directory (secrets redacted)")
	fs.Float64Var(&c.opts.Faults.ErrorRate, "error-rate", 0, "share of requests answered 500/502/503 (0..1)")
	fs.StringVar(&codes, "error-codes", "500,502,503", "comma-separated 5xx codes used by --error-rate")
	fs.DurationVar(&latency, "latency", 0, "latency added to every API request")
	fs.Int64Var(&c.opts.Faults.BandwidthBPS, "bandwidth", 0, "bandwidth cap per request in bytes per second (0: none)")
	fs.Float64Var(&c.opts.Faults.ResetRate, "reset-rate", 0, "share of requests reset in the middle of the body (0..1)")
	fs.Float64Var(&c.opts.Faults.LoseRate, "lose-rate", 0, "share of requests carried out whose answer is then lost (connection reset) (0..1)")
	fs.Float64Var(&c.opts.Faults.StormRate, "storm-rate", 0, "share of requests that start a 429 storm (0..1)")
	fs.IntVar(&c.opts.Faults.StormLength, "storm-length", 10, "requests answered 429 in one storm")
	fs.IntVar(&c.opts.Faults.RetryAfterSeconds, "retry-after", 1, "Retry-After seconds of storm answers")
	fs.StringVar(&c.opts.Faults.PathPrefix, "fault-path", "", "inject faults only on paths starting with this prefix")
	fs.DurationVar(&c.opts.ProcessingDelay, "processing-delay", 2*time.Second, "VIDEOPENDING time once evidences and video are complete")
	fs.DurationVar(&c.opts.ApprovalDelay, "approval-delay", 3*time.Second, "VIDEOREVIEW time after approval before ENROLLREADY")
	fs.BoolVar(&c.opts.IgnoreIdempotency, "ignore-idempotency", false, "ignore Idempotency-Key, as the vendors' One-Shot and Signal documents do (a resend is a new request)")
	fs.BoolVar(&c.verbose, "verbose", false, "log every request (method, path, status) to stderr")
	fs.DurationVar(&c.opts.TokenTTL, "token-ttl", 15*time.Minute, "lifetime of the JWTs the login endpoints issue")
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		return config{}, err
	} else if err != nil {
		return config{}, fmt.Errorf("%w: %v", errUsage, err)
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	c.opts.Faults.LatencyMS = int(latency / time.Millisecond)
	for _, f := range strings.Split(codes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			return config{}, fmt.Errorf("%w: --error-codes: %q is not a number", errUsage, f)
		}
		c.opts.Faults.ErrorCodes = append(c.opts.Faults.ErrorCodes, n)
	}
	if err := c.opts.Faults.Validate(); err != nil {
		return config{}, fmt.Errorf("%w: %v", errUsage, err)
	}
	return c, nil
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	c, err := parse(args, os.Stderr)
	if err != nil {
		return err
	}
	if c.verbose {
		c.opts.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	srv, err := sandbox.New(ctx, c.opts)
	if err != nil {
		return err
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", c.addr, err)
	}
	fmt.Fprintf(stdout, "sandbox listening on http://%s\n", ln.Addr())
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		hs.Shutdown(sctx)
	}()
	if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	slog.Info("sandbox stopped")
	return nil
}
