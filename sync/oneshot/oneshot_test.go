package oneshot_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/sandbox"
	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/store/storetest"
	ksync "github.com/enrolkiosk/enrolkiosk/sync"
	"github.com/enrolkiosk/enrolkiosk/sync/api"
	"github.com/enrolkiosk/enrolkiosk/sync/internal/sandboxtest"
	"github.com/enrolkiosk/enrolkiosk/sync/oneshot"
)

// DemoConfig is the sandbox's demo account (docs/sandbox.md).
var demoConfig = oneshot.Config{RegistrationAuthority: sandbox.DemoRegistrationAuthority, CertProfile: "PFnubeQAFCiudadano",
	Env: "sandbox", BillingUsername: sandbox.DemoBillingUsername, BillingPassword: sandbox.DemoBillingPassword,
	RAOUsername: "9001800", RAOPassword: "Gy6F89xK", RAOPIN: "p1n", PollInterval: time.Millisecond}

// drain runs passes until no enrolment is pending or the deadline passes.
func drain(t *testing.T, w *ksync.Worker, db *store.DB) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := w.Pass(context.Background()); err != nil {
			t.Fatalf("pass: %v", err)
		}
		left, _ := db.List(context.Background(), store.Filter{States: store.Pending()})
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d enrolments still pending: first %+v", len(left), left[0])
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func worker(db *store.DB, p ksync.Profile) *ksync.Worker {
	return ksync.NewWorker(db, ksync.Options{Profiles: map[string]ksync.Profile{oneshot.Name: p}, Default: oneshot.Name,
		PollInterval: time.Millisecond})
}

func TestDeliversToTheSandboxExactlyOnce(t *testing.T) {
	srv, url := sandboxtest.Sandbox(t, sandbox.Options{ProcessingDelay: 20 * time.Millisecond, ApprovalDelay: 20 * time.Millisecond})
	db := storetest.Open(t)
	var ids []string
	for i := range 3 {
		ids = append(ids, sandboxtest.Seal(t, db, oneshot.Name, i).ID)
	}
	p := oneshot.New(sandboxtest.Client(t, url, "inst-1", nil), demoConfig)
	drain(t, worker(db, p), db)
	for _, id := range ids {
		e, _ := db.Entry(context.Background(), id)
		if e.State != store.Confirmed || e.Results["request_pk"] == "" {
			t.Errorf("%s: %s %v %q", id, e.State, e.Results, e.LastError)
		}
	}
	sandboxtest.CheckExactlyOnce(t, sandboxtest.Received(t, srv), "oneshot", 3, "create", "evidences", "video", "approve")
}

// lossy forwards requests to the real client but reports the first answer to each
// path named in lose as lost, as a connection cut after the server answered would.
type lossy struct {
	next oneshot.Doer
	lose map[string]bool
}

func (l *lossy) Do(ctx context.Context, r api.Request) (*api.Response, error) {
	resp, err := l.next.Do(ctx, r)
	if err == nil && l.lose[r.Method+" "+r.Path] {
		delete(l.lose, r.Method+" "+r.Path)
		return nil, &api.StatusError{Method: r.Method, Path: r.Path, Err: errors.New("connection reset after the request went out"),
			RetryAt: time.Now()}
	}
	return resp, err
}

func TestLostAnswersAreNotCreatedTwice(t *testing.T) {
	srv, url := sandboxtest.Sandbox(t, sandbox.Options{})
	db := storetest.Open(t)
	sandboxtest.Seal(t, db, oneshot.Name, 1)
	c := sandboxtest.Client(t, url, "inst-1", nil)
	// The first create, the first video upload and the RAO token creation all lose their answers.
	l := &lossy{next: c, lose: map[string]bool{"POST /api/v1/videoid": true, "POST /api/v1/videoid/45836/evidences/video": true,
		"POST /api/v1/token": true}}
	drain(t, worker(db, oneshot.New(l, demoConfig)), db)
	r := sandboxtest.Received(t, srv)
	sandboxtest.CheckExactlyOnce(t, r, "oneshot", 1, "create", "evidences", "video", "approve")
	if r.IdempotentReplays < 2 {
		t.Errorf("%d idempotent replays, want the resent create and video to be replays", r.IdempotentReplays)
	}
	// A second process (a new profile) finds the token made by the first instead of failing.
	sandboxtest.Seal(t, db, oneshot.Name, 2)
	drain(t, worker(db, oneshot.New(c, demoConfig)), db)
	sandboxtest.CheckExactlyOnce(t, sandboxtest.Received(t, srv), "oneshot", 2, "create", "evidences", "video", "approve")
}

func TestFailedSecurityCheckIsRejected(t *testing.T) {
	_, url := sandboxtest.Sandbox(t, sandbox.Options{})
	db := storetest.Open(t)
	rec := sandboxtest.Enrolment(oneshot.Name, 1)
	rec.Checks.NotExpired = false
	e, err := db.Seal(context.Background(), rec, sandboxtest.Evidence(t))
	if err != nil {
		t.Fatal(err)
	}
	drain(t, worker(db, oneshot.New(sandboxtest.Client(t, url, "inst-1", nil), demoConfig)), db)
	got, _ := db.Entry(context.Background(), e.ID)
	if got.State != store.Rejected || got.Reason == "" {
		t.Errorf("entry %s %q, want rejected with the failed check", got.State, got.Reason)
	}
	t.Log(got.Reason)
}

func TestBadBillingIsRejectedWithTheBackendMessage(t *testing.T) {
	_, url := sandboxtest.Sandbox(t, sandbox.Options{})
	db := storetest.Open(t)
	e := sandboxtest.Seal(t, db, oneshot.Name, 1)
	cfg := demoConfig
	cfg.RegistrationAuthority = sandbox.DemoDisabledRA
	drain(t, worker(db, oneshot.New(sandboxtest.Client(t, url, "inst-1", nil), cfg)), db)
	got, _ := db.Entry(context.Background(), e.ID)
	if got.State != store.Rejected || got.Reason != "step create: POST /api/v1/videoid: HTTP 400: Videoid not enabled for Registration Authority 1234" {
		t.Errorf("entry %s %q", got.State, got.Reason)
	}
}

func TestMissingVideoIsRejectedNotRetried(t *testing.T) {
	_, url := sandboxtest.Sandbox(t, sandbox.Options{})
	db := storetest.Open(t)
	var ev []store.EvidenceInput
	for _, in := range sandboxtest.Evidence(t) {
		if in.Kind != store.Video {
			ev = append(ev, in)
		}
	}
	e, err := db.Seal(context.Background(), sandboxtest.Enrolment(oneshot.Name, 1), ev)
	if err != nil {
		t.Fatal(err)
	}
	drain(t, worker(db, oneshot.New(sandboxtest.Client(t, url, "inst-1", nil), demoConfig)), db)
	if got, _ := db.Entry(context.Background(), e.ID); got.State != store.Rejected || got.Step != 2 {
		t.Errorf("entry %s at step %d %q, want rejected at the video step", got.State, got.Step, got.Reason)
	}
}
