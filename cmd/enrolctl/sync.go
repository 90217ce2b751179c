package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/enrolkiosk/enrolkiosk/capture/device"
	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/store"
	ksync "github.com/enrolkiosk/enrolkiosk/sync"
	"github.com/enrolkiosk/enrolkiosk/sync/agent"
)

func syncCommand() command {
	return command{
		name:    "sync",
		summary: "deliver the queue to the backend: sync [--once] [--json] (exit 1 if anything is left or rejected)",
		run:     runSync,
	}
}

// syncReport is the final line of `sync --json`.
type syncReport struct {
	Worked    int  `json:"worked"`
	Delivered int  `json:"delivered"`
	Confirmed int  `json:"confirmed"`
	Rejected  int  `json:"rejected"`
	Left      int  `json:"left"`
	OK        bool `json:"ok"`
}

func runSync(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("sync", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	once := fs.Bool("once", false, "make one pass over the due enrolments instead of draining the queue")
	asJSON := fs.Bool("json", false, "print events and the summary as JSON lines")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	db, cfg, err := e.openStore(ctx, false)
	if err != nil {
		return err
	}
	defer db.Close()
	p := newSyncPrinter(e.stdout, *asJSON)
	logger := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	w, err := newWorker(ctx, db, cfg, p.event, logger)
	if err != nil {
		return err
	}
	before, err := db.List(ctx, store.Filter{})
	if err != nil {
		return err
	}
	if *once {
		_, err = w.Pass(ctx)
	} else {
		_, err = w.Drain(ctx)
	}
	// Counted from the store after the run, each enrolment once, even when a signal
	// ended the run (its context is over, the store is not).
	after, lerr := db.List(context.WithoutCancel(ctx), store.Filter{})
	rep, left := summarize(before, after, p.worked)
	rep.OK = err == nil && lerr == nil && rep.Left == 0 && rep.Rejected == 0
	p.summary(rep)
	p.waiting(left)
	switch {
	case err != nil:
		return err
	case lerr != nil:
		return lerr
	case !rep.OK:
		return &exitError{code: exitProblem, err: fmt.Errorf("%d left in the queue, %d rejected (see enrolctl queue ls)", rep.Left, rep.Rejected)}
	}
	return nil
}

// summarize counts what a run changed, each enrolment once: delivered (now delivered or
// confirmed, not before), confirmed and rejected (now, not before), left (still pending,
// or waiting for an operator to reconcile it),
// and worked (the enrolments the run sent events about). It returns the entries left.
func summarize(before, after []store.Entry, worked map[string]bool) (syncReport, []store.Entry) {
	was := make(map[string]store.State, len(before))
	for _, e := range before {
		was[e.ID] = e.State
	}
	var rep syncReport
	var left []store.Entry
	for _, e := range after {
		old, known := was[e.ID]
		changed := !known || old != e.State
		switch {
		case e.State.Pending(), e.State == store.Reconcile: // waiting: for the worker, or for an operator
			left = append(left, e)
		case e.State == store.Rejected && changed:
			rep.Rejected++
		}
		if changed && (e.State == store.Delivered || e.State == store.Confirmed) && old != store.Delivered {
			rep.Delivered++
		}
		if changed && e.State == store.Confirmed {
			rep.Confirmed++
		}
	}
	rep.Left, rep.Worked = len(left), len(worked)
	return rep, left
}

// newWorker builds the sync worker for the configured backend.
func newWorker(ctx context.Context, db *store.DB, cfg config.Config, onEvent func(ksync.Event), logger *slog.Logger) (*ksync.Worker, error) {
	id, err := db.Identity(ctx)
	if err != nil {
		return nil, err
	}
	ident, err := device.NewIdentity(ctx, id.InstallationID, id.PublicKey, device.FactSource{})
	if err != nil {
		return nil, err
	}
	w, err := agent.New(ctx, agent.Options{Config: cfg, Store: db, Keyring: store.OSKeyring{}, OnEvent: onEvent, Logger: logger,
		Device: device.Headers{ID: ident, Locator: device.LocatorFor(cfg.Location), Key: id.PublicKey, Audit: db}})
	if errors.Is(err, agent.ErrConfig) {
		return nil, &exitError{code: exitConfig, err: err}
	}
	return w, err
}

// syncPrinter prints worker events: progress at each quarter of a body, steps, states.
// It notes which enrolments the run worked on.
type syncPrinter struct {
	w       io.Writer
	json    bool
	quarter map[string]int64
	worked  map[string]bool
}

func newSyncPrinter(w io.Writer, asJSON bool) *syncPrinter {
	return &syncPrinter{w: w, json: asJSON, quarter: map[string]int64{}, worked: map[string]bool{}}
}

func (p *syncPrinter) event(ev ksync.Event) {
	if ev.Enrolment != "" {
		p.worked[ev.Enrolment] = true
	}
	if ev.Kind == ksync.EventProgress {
		key := ev.Enrolment + "/" + ev.Step
		q := int64(0)
		if ev.Total > 0 {
			q = ev.Sent * 4 / ev.Total
		}
		if last, ok := p.quarter[key]; ok && q <= last {
			return
		}
		p.quarter[key] = q
	}
	if p.json {
		json.NewEncoder(p.w).Encode(jsonEvent(ev))
		return
	}
	id := store.ShortID(ev.Enrolment)
	switch ev.Kind {
	case ksync.EventProgress:
		fmt.Fprintf(p.w, "%s  %-10s %s of %s\n", id, ev.Step, size(ev.Sent), size(ev.Total))
	case ksync.EventStep:
		fmt.Fprintf(p.w, "%s  %-10s done\n", id, ev.Step)
	case ksync.EventState:
		fmt.Fprintf(p.w, "%s  %s %s\n", id, ev.State, ev.Err)
	case ksync.EventRetry:
		fmt.Fprintf(p.w, "%s  %-10s waiting until %s: %s\n", id, ev.Step, ev.RetryAt.Local().Format(time.TimeOnly), ev.Err)
	case ksync.EventWorker:
		if ev.Worker == ksync.WorkerAuthFailed {
			fmt.Fprintf(p.w, "sending to %s paused until %s: the backend refused the credentials: %s\n", ev.Profile, ev.RetryAt.Local().Format(time.TimeOnly), ev.Err)
		}
	}
}

func jsonEvent(ev ksync.Event) map[string]any {
	m := map[string]any{"event": ev.Kind}
	for k, v := range map[string]any{"enrolment": ev.Enrolment, "step": ev.Step, "state": string(ev.State),
		"worker": string(ev.Worker), "error": ev.Err} {
		if v != "" {
			m[k] = v
		}
	}
	if ev.Kind == ksync.EventProgress {
		m["sent"], m["total"] = ev.Sent, ev.Total
	}
	if !ev.RetryAt.IsZero() {
		m["retry_at"] = ev.RetryAt.UTC()
	}
	return m
}

func (p *syncPrinter) summary(r syncReport) {
	if p.json {
		json.NewEncoder(p.w).Encode(map[string]any{"event": "summary", "summary": r})
		return
	}
	fmt.Fprintf(p.w, "sync: %d worked on, %d delivered, %d confirmed, %d rejected, %d left\n",
		r.Worked, r.Delivered, r.Confirmed, r.Rejected, r.Left)
}

// waiting says, in text mode, why each enrolment left is waiting and until when.
func (p *syncPrinter) waiting(left []store.Entry) {
	if p.json {
		return
	}
	for _, e := range left {
		if e.LastError == "" {
			continue
		}
		fmt.Fprintf(p.w, "%s  next attempt %s: %s\n", e.ShortID(), e.NextAttempt.Local().Format(time.DateTime), e.LastError)
	}
}

func size(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%.1f KiB", float64(n)/1024)
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}

// checkSync builds the sync worker from the configuration without sending anything: it
// fails when a backend URL or a credential reference of the configured profile cannot be
// resolved, the first thing to fix when nothing leaves the queue.
func checkSync(ctx context.Context, in doctorInput) checkResult {
	r := checkResult{Name: "sync"}
	if in.cfgErr != nil {
		r.Status, r.Detail = statusWarn, "skipped: the configuration does not load"
		return r
	}
	if in.cfg.Backend.URLFor(in.cfg.Profile) == "" {
		r.Status, r.Detail = statusWarn, "no backend URL for profile "+in.cfg.Profile+": nothing will be sent"
		return r
	}
	if _, err := agent.New(ctx, agent.Options{Config: in.cfg, Keyring: store.OSKeyring{}}); err != nil {
		r.Status, r.Detail = statusFail, err.Error()
		if noCredentials(in.cfg.Backend) { // a fresh install: say what is missing, without failing
			r.Status, r.Detail = statusWarn, "no credentials configured yet: "+err.Error()
		}
		return r
	}
	r.Status, r.Detail = statusOK, "profile "+in.cfg.Profile+": URLs and credentials resolve"
	if in.cfg.Backend.BiometricURL != "" {
		r.Detail += " (with the biometric step)"
	}
	return r
}

func noCredentials(b config.Backend) bool {
	for _, ref := range []config.SecretRef{b.Username, b.Password, b.APIKey, b.PIN, b.BillingUsername, b.BillingPassword, b.TOTPSecret} {
		if !ref.IsZero() {
			return false
		}
	}
	return true
}
