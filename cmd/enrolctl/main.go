// Command enrolctl is the command line for support and automation: it inspects and repairs
// the local queue, checks the installation, and runs capture and sync steps headlessly.
//
// Exit codes (docs/enrolctl.md):
//
//	0  success
//	1  the command ran and found a problem (a failed check, a fault, something left)
//	2  usage error (unknown command or flag)
//	3  configuration error
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"
)

// Exit codes, documented in docs/enrolctl.md.
const (
	exitOK      = 0
	exitProblem = 1
	exitUsage   = 2
	exitConfig  = 3
)

// command is one subcommand: "enrolctl NAME args...".
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

// env is what every command gets: where to write and where the data and config are.
type env struct {
	stdout, stderr io.Writer
	dataDir        string // empty: the default data dir
	configPath     string // empty: the default config path
}

// exitError carries a specific exit code out of a command.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageErr returns an error that exits with exitUsage.
func usageErr(format string, a ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, a...)}
}

// commands lists every subcommand. Each lives in its own file.
func commands() []command {
	return []command{
		versionCommand(),
		doctorCommand(),
		documentCommand(),
		queueCommand(),
		verifyCommand(),
		purgeCommand(),
		compactCommand(),
		exportCommand(),
		signatureCommand(),
		syncCommand(),
		enrolCommand(),
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run parses the global flags, dispatches to a command and maps its error to an exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	e := &env{stdout: stdout, stderr: stderr}
	fs := flag.NewFlagSet("enrolctl", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&e.dataDir, "data-dir", "", "data directory (default: the user's data dir)")
	fs.StringVar(&e.configPath, "config", "", "configuration file (default: the user's config dir)")
	fs.Usage = func() { printUsage(stderr, fs) }
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		return exitOK // the usage was asked for, and printed
	} else if err != nil {
		return exitUsage
	}
	if fs.NArg() == 1 && fs.Arg(0) == "help" {
		printUsage(stderr, fs)
		return exitOK
	}
	if fs.NArg() == 0 {
		printUsage(stderr, fs)
		return exitUsage
	}
	name := fs.Arg(0)
	for _, c := range commands() {
		if c.name == name {
			return exitCode(stderr, c.run(ctx, e, fs.Args()[1:]))
		}
	}
	fmt.Fprintf(stderr, "enrolctl: unknown command %q (run enrolctl without arguments for the list)\n", name)
	return exitUsage
}

// parseFlags parses a command's flags. A request for help passes through (exit 0, the
// usage is printed); any other error is a usage error, already described by the flag package.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &exitError{code: exitUsage, err: errors.New("")}
	}
	return nil
}

func exitCode(stderr io.Writer, err error) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return exitOK // the flag package has printed the command's usage
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil && ee.err.Error() != "" {
			fmt.Fprintln(stderr, "enrolctl:", ee.err)
		}
		return ee.code
	}
	fmt.Fprintln(stderr, "enrolctl:", err)
	return exitProblem
}

func printUsage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintln(w, "usage: enrolctl [--data-dir DIR] [--config FILE] COMMAND [ARGS]")
	fmt.Fprintln(w, "\ncommands:")
	cs := commands()
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	for _, c := range cs {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nflags:")
	fs.PrintDefaults()
}
