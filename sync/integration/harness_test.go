package integration

import (
	"context"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/sandbox"
	"github.com/enrolkiosk/enrolkiosk/store"
	ksync "github.com/enrolkiosk/enrolkiosk/sync"
	"github.com/enrolkiosk/enrolkiosk/sync/api"
	"github.com/enrolkiosk/enrolkiosk/sync/auth"
	"github.com/enrolkiosk/enrolkiosk/sync/biometric"
	"github.com/enrolkiosk/enrolkiosk/sync/breaker"
	"github.com/enrolkiosk/enrolkiosk/sync/internal/sandboxtest"
	"github.com/enrolkiosk/enrolkiosk/sync/oneshot"
	"github.com/enrolkiosk/enrolkiosk/sync/retry"
)

// demo is the sandbox's One-Shot demo account.
var demo = oneshot.Config{RegistrationAuthority: sandbox.DemoRegistrationAuthority, CertProfile: "PFnubeQAFCiudadano",
	Env: "sandbox", BillingUsername: sandbox.DemoBillingUsername, BillingPassword: sandbox.DemoBillingPassword,
	RAOUsername: "9001800", RAOPassword: "Gy6F89xK", RAOPIN: "p1n", PollInterval: 5 * time.Millisecond}

// agentOpts tunes one agent for tests.
type agentOpts struct {
	id      string
	retry   retry.Policy
	onEvent func(ksync.Event)
	mod     func(*api.Options)
}

// newAgent returns the worker an installation would run: the oneshot profile followed by
// the biometric step, both clients sharing one set of circuit breakers.
func newAgent(t testing.TB, db ksync.Outbox, url string, o agentOpts) *ksync.Worker {
	t.Helper()
	if o.id == "" {
		o.id = "inst-1"
	}
	if o.retry.Base == 0 {
		o.retry = retry.Policy{Base: 5 * time.Millisecond, Cap: 100 * time.Millisecond, MaxAttempts: 6}
	}
	br := breaker.New(breaker.Options{Threshold: 5, Cooldown: 100 * time.Millisecond})
	mod := func(a api.Authenticator) func(*api.Options) {
		return func(opts *api.Options) {
			opts.Breakers, opts.Retry, opts.Auth = br, o.retry, a
			if o.mod != nil {
				o.mod(opts)
			}
		}
	}
	os := sandboxtest.Client(t, url, o.id, mod(nil))
	bio := sandboxtest.Client(t, url, o.id, mod(auth.APIKey{Key: sandbox.DemoAPIKey}))
	p := ksync.WithSteps(oneshot.New(os, demo), biometric.Step(bio, "acme"))
	return ksync.NewWorker(db, ksync.Options{Profiles: map[string]ksync.Profile{oneshot.Name: p}, Default: oneshot.Name,
		PollInterval: 5 * time.Millisecond, Idle: 50 * time.Millisecond, MaxPollRate: 1000, OnEvent: o.onEvent})
}

// drain runs the worker until the queue is empty, within limit.
func drain(t testing.TB, w *ksync.Worker, limit time.Duration) ksync.Summary {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	sum, err := w.Drain(ctx)
	if err != nil {
		t.Fatalf("drain: %v (summary %+v)", err, sum)
	}
	return sum
}

// checkAllConfirmed fails unless every id is confirmed.
func checkAllConfirmed(t testing.TB, db *store.DB, ids []string) {
	t.Helper()
	for _, id := range ids {
		e, err := db.Entry(context.Background(), id)
		if err != nil || e.State != store.Confirmed {
			t.Errorf("%s: %s (%v) %q", store.ShortID(id), e.State, err, e.LastError)
		}
	}
}

// checkDelivered is the check of a run against a sandbox that ignores Idempotency-Key:
// every id is confirmed or waits for reconciliation, nothing reached the sandbox twice,
// and each confirmed enrolment's request holds every step exactly once. It returns how
// many were confirmed and how many wait for reconciliation (the ambiguous ones).
func checkDelivered(t testing.TB, db *store.DB, srv *sandbox.Server, ids []string) (confirmed, ambiguous int) {
	t.Helper()
	r := sandboxtest.Received(t, srv)
	byID := map[string]sandbox.Enrolment{}
	for _, e := range r.Enrolments {
		byID[e.API+"/"+e.ID] = e
	}
	for _, d := range r.Duplicates {
		t.Errorf("duplicate at the sandbox: %+v", d)
	}
	for _, id := range ids {
		e, err := db.Entry(context.Background(), id)
		switch {
		case err != nil:
			t.Errorf("%s: %v", store.ShortID(id), err)
		case e.State == store.Reconcile:
			ambiguous++
			if e.InFlight == nil || e.InFlight.At.IsZero() || e.InFlight.What == "" {
				t.Errorf("%s waits for reconciliation without saying what was sent when: %+v", store.ShortID(id), e.InFlight)
			}
		case e.State != store.Confirmed:
			t.Errorf("%s: %s %q, want confirmed or %s", store.ShortID(id), e.State, e.LastError, store.Reconcile)
		default:
			confirmed++
			rec, ok := byID["oneshot/"+e.Results["request_pk"]]
			for _, s := range []string{"create", "evidences", "video", "approve"} {
				if !ok || rec.Steps[s] != 1 {
					t.Errorf("%s (request %s): step %s accepted %d times at the sandbox, want once", store.ShortID(id), e.Results["request_pk"], s, rec.Steps[s])
				}
			}
			if bio := byID["biometric/acme/"+id]; bio.Steps["biometric_sign"] != 1 {
				t.Errorf("%s: biometric sign accepted %d times, want once", store.ShortID(id), bio.Steps["biometric_sign"])
			}
		}
	}
	return confirmed, ambiguous
}

// checkSandbox fails unless the sandbox got n enrolments with every step exactly once.
func checkSandbox(t testing.TB, srv *sandbox.Server, n int) {
	t.Helper()
	r := sandboxtest.Received(t, srv)
	sandboxtest.CheckExactlyOnce(t, r, "oneshot", n, "create", "evidences", "video", "approve")
	sandboxtest.CheckExactlyOnce(t, r, "biometric", n, "biometric_sign")
}
