package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/enrolkiosk/enrolkiosk/capture/document"
	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/internal/durable"
)

func documentCommand() command {
	return command{
		name:    "document",
		summary: "process an ID document image headlessly: document process IN --out OUT.jpg | document mrz IMAGE",
		run:     runDocument,
	}
}

// documentReport is what `document process --json` prints.
type documentReport struct {
	In     string          `json:"in"`
	Out    string          `json:"out"`
	Result document.Result `json:"result"`
	Advice []string        `json:"advice,omitempty"`
}

func runDocument(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && args[0] == "mrz" {
		return runDocumentMRZ(ctx, e, args[1:])
	}
	if len(args) == 0 || args[0] != "process" {
		return usageErr("usage: enrolctl document process IN --out OUT.jpg [--json] [--budget BYTES] [--long-edge PX] [--no-crop] [--strict]\n       enrolctl document mrz IMAGE [--json]")
	}
	fs := flag.NewFlagSet("document process", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	out := fs.String("out", "", "where to write the processed JPEG (required)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	budget := fs.Int("budget", 0, "byte budget of the JPEG (default: document.budget_bytes)")
	longEdge := fs.Int("long-edge", 0, "target long edge in pixels (default: document.long_edge)")
	noCrop := fs.Bool("no-crop", false, "keep the whole image (no automatic document detection)")
	strict := fs.Bool("strict", false, "exit 1 when a quality measure fails")
	pos, err := parseInterleaved(fs, args[1:])
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	if len(pos) != 1 || *out == "" {
		return usageErr("document process needs one input file and --out OUT.jpg")
	}
	opts, err := documentOptions(e, *budget, *longEdge)
	if err != nil {
		return err
	}
	opts.NoAutoCrop = *noCrop
	res, err := processFile(ctx, pos[0], opts)
	if err != nil {
		return err
	}
	if err := durable.WriteFile(*out, res.JPEG, 0o600); err != nil {
		return fmt.Errorf("save the processed image: %w", err)
	}
	if err := printDocumentReport(e.stdout, documentReport{In: pos[0], Out: *out, Result: res, Advice: res.Advice()}, *asJSON); err != nil {
		return err
	}
	if *strict && !res.OK {
		return &exitError{code: exitProblem, err: errors.New("the image failed a quality check: " + strings.Join(res.Advice(), "; "))}
	}
	return nil
}

// documentOptions starts from the configuration (only an explicit --config that fails is
// an error) and applies the flags.
func documentOptions(e *env, budget, longEdge int) (document.Options, error) {
	cfg, _, err := e.loadConfig()
	if err != nil && e.configPath != "" {
		return document.Options{}, &exitError{code: exitConfig, err: err}
	}
	if err != nil {
		cfg = config.Default()
	}
	opts := document.FromConfig(cfg.Document)
	if budget < 0 || longEdge < 0 {
		return opts, usageErr("--budget and --long-edge must be positive")
	}
	if budget > 0 {
		opts.BudgetBytes = budget
	}
	if longEdge > 0 {
		opts.LongEdge = longEdge
	}
	return opts, nil
}

func processFile(ctx context.Context, path string, opts document.Options) (document.Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return document.Result{}, fmt.Errorf("open the input image: %w", err)
	}
	defer f.Close()
	res, err := document.Process(ctx, f, opts)
	if err != nil {
		return res, fmt.Errorf("%s refused: %w", path, err)
	}
	return res, nil
}

func printDocumentReport(w io.Writer, r documentReport, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	res := r.Result
	fmt.Fprintf(w, "%s -> %s: %dx%d, %d bytes, JPEG quality %d\n", r.In, r.Out, res.Width, res.Height, res.Bytes, res.Quality)
	for _, m := range res.Measures {
		verdict := "ok"
		if !m.OK {
			verdict = "FAIL: " + m.Advice
		}
		fmt.Fprintf(w, "  %-10s %10.4g  %s\n", m.Name, m.Value, verdict)
	}
	return nil
}

// parseInterleaved parses flags that may come before or after the positional arguments.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}
