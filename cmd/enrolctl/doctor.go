package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"github.com/enrolkiosk/enrolkiosk/assets"
	"time"

	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/internal/paths"
	"github.com/enrolkiosk/enrolkiosk/internal/reach"
)

// Check statuses.
const (
	statusOK   = "ok"
	statusWarn = "warn"
	statusFail = "fail"
)

// checkResult is one line of the doctor's report.
type checkResult struct {
	Name   string   `json:"name"`
	Status string   `json:"status"`
	Detail string   `json:"detail"`
	Items  []string `json:"items,omitempty"`
}

// doctorInput is what every check may look at.
type doctorInput struct {
	dataDir string
	cfg     config.Config
	cfgPath string
	cfgErr  error
}

// doctorChecks lists the checks in the order they are reported. Each lives in its own file
// where it is more than a few lines.
func doctorChecks() []func(context.Context, doctorInput) checkResult {
	return []func(context.Context, doctorInput) checkResult{
		checkConfig,
		checkDataDir,
		checkBackend,
		checkCamera,
		checkStore,
		checkPenTablet,
		checkSync,
	}
}

func doctorCommand() command {
	return command{
		name:    "doctor",
		summary: "check the installation: config, data dir, cameras, backend",
		run:     runDoctor,
	}
}

func runDoctor(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("doctor", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	in := doctorInput{}
	in.cfg, in.cfgPath, in.cfgErr = e.loadConfig()
	dir, err := e.resolveDataDir()
	if err != nil {
		return err
	}
	in.dataDir = dir
	var results []checkResult
	failed := false
	for _, check := range doctorChecks() {
		r := check(ctx, in)
		failed = failed || r.Status == statusFail
		results = append(results, r)
	}
	fr, health := checkFleet(ctx, in)
	failed = failed || fr.Status == statusFail
	results = append(results, fr)
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(map[string]any{"ok": !failed, "checks": results, "health": health}); err != nil {
			return err
		}
	} else {
		for _, r := range results {
			fmt.Fprintf(e.stdout, "%-4s  %-10s %s\n", r.Status, r.Name, r.Detail)
			for _, it := range r.Items {
				fmt.Fprintf(e.stdout, "                 - %s\n", it)
			}
		}
	}
	if failed {
		return &exitError{code: exitProblem, err: fmt.Errorf("")}
	}
	return nil
}

func checkConfig(_ context.Context, in doctorInput) checkResult {
	if in.cfgErr != nil {
		return checkResult{Name: "config", Status: statusFail, Detail: in.cfgErr.Error()}
	}
	if _, terms, err := assets.Terms("en"); err == nil {
		if err := in.cfg.Signature.CheckPromise(assets.TermsPromiseThirdParty(terms)); err != nil {
			return checkResult{Name: "config", Status: statusFail, Detail: err.Error()}
		}
	}
	if in.cfg.Path == "" {
		return checkResult{Name: "config", Status: statusWarn, Detail: "no file at " + in.cfgPath + "; using defaults"}
	}
	return checkResult{Name: "config", Status: statusOK, Detail: fmt.Sprintf("%s (profile %s)", in.cfg.Path, in.cfg.Profile)}
}

// minFreeBytes is the free space below which sealing new enrolments becomes risky.
const minFreeBytes = 200 << 20

func checkDataDir(_ context.Context, in doctorInput) checkResult {
	r := checkResult{Name: "data dir"}
	if err := paths.EnsureDir(in.dataDir); err != nil {
		r.Status, r.Detail = statusFail, err.Error()
		return r
	}
	free, err := paths.FreeBytes(in.dataDir)
	if err != nil {
		r.Status, r.Detail = statusFail, err.Error()
		return r
	}
	r.Status, r.Detail = statusOK, fmt.Sprintf("%s, %d MiB free", in.dataDir, free>>20)
	if free < minFreeBytes {
		r.Status = statusWarn
		r.Detail += fmt.Sprintf(" (below %d MiB: free some space before enrolling)", minFreeBytes>>20)
	}
	return r
}

func checkBackend(ctx context.Context, in doctorInput) checkResult {
	r := checkResult{Name: "backend"}
	url := in.cfg.Backend.URLFor(in.cfg.Profile)
	if url == "" {
		r.Status, r.Detail = statusWarn, "no backend URL for profile "+in.cfg.Profile+" (set backend."+in.cfg.Profile+"_url)"
		return r
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	res, err := reach.Probe(ctx, nil, url)
	if err != nil {
		r.Status, r.Detail = statusFail, err.Error()
		return r
	}
	r.Status, r.Detail = statusOK, fmt.Sprintf("%s answered HTTP %d in %v", url, res.Status, res.Latency.Round(time.Millisecond))
	return r
}
