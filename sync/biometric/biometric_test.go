package biometric_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/sandbox"
	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/store/storetest"
	ksync "github.com/enrolkiosk/enrolkiosk/sync"
	"github.com/enrolkiosk/enrolkiosk/sync/api"
	"github.com/enrolkiosk/enrolkiosk/sync/auth"
	"github.com/enrolkiosk/enrolkiosk/sync/biometric"
	"github.com/enrolkiosk/enrolkiosk/sync/internal/sandboxtest"
)

// nothing is a profile with no steps of its own, always accepted: the biometric step alone.
type nothing struct{}

func (nothing) Name() string        { return "oneshot" }
func (nothing) Steps() []ksync.Step { return nil }
func (nothing) Poll(context.Context, *ksync.Job) (ksync.Status, error) {
	return ksync.Status{Final: true, Accepted: true}, nil
}

// lossy reports the first POST's answer as lost.
type lossy struct {
	next biometric.Doer
	lost bool
}

func (l *lossy) Do(ctx context.Context, r api.Request) (*api.Response, error) {
	resp, err := l.next.Do(ctx, r)
	if err == nil && r.Method == http.MethodPost && !l.lost {
		l.lost = true
		return nil, &api.StatusError{Method: r.Method, Path: r.Path, Err: errors.New("reset"), RetryAt: time.Now()}
	}
	return resp, err
}

func TestBiometricStepExactlyOnceDespiteLostAnswer(t *testing.T) {
	srv, url := sandboxtest.Sandbox(t, sandbox.Options{})
	db := storetest.Open(t)
	e := sandboxtest.Seal(t, db, "oneshot", 1)
	c := sandboxtest.Client(t, url, "inst-1", func(o *api.Options) { o.Auth = auth.APIKey{Key: sandbox.DemoAPIKey} })
	w := ksync.NewWorker(db, ksync.Options{Profiles: map[string]ksync.Profile{"oneshot": ksync.WithSteps(nothing{}, biometric.Step(&lossy{next: c}, "acme"))},
		Default: "oneshot", PollInterval: time.Millisecond})
	// Drain waits for the retry of the lost answer exactly as long as it must (the
	// answer's RetryAt), then ends when nothing is pending; the timeout only catches a hang.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if sum, err := w.Drain(ctx); err != nil || sum.Confirmed != 1 {
		t.Fatalf("Drain = %+v, %v; want the enrolment confirmed", sum, err)
	}
	got, _ := db.Entry(context.Background(), e.ID)
	if got.State != store.Confirmed || got.Results["sign_id"] != e.ID {
		t.Fatalf("entry %s %v %q", got.State, got.Results, got.LastError)
	}
	r := sandboxtest.Received(t, srv)
	sandboxtest.CheckExactlyOnce(t, r, "biometric", 1, "biometric_sign")
	for _, en := range r.Enrolments {
		if en.API == "biometric" && !strings.HasSuffix(en.ID, "/"+e.ID) {
			t.Errorf("sign id %s, want the enrolment id", en.ID)
		}
	}
}

func TestConflictWithoutReplayIsCheckedNotRejected(t *testing.T) {
	srv, url := sandboxtest.Sandbox(t, sandbox.Options{})
	db := storetest.Open(t)
	e := sandboxtest.Seal(t, db, "oneshot", 1)
	// First delivery from one "process" whose answer is lost, then the enrolment's step is
	// retried with another idempotency scope (another key): the backend answers 409.
	first := sandboxtest.Client(t, url, "inst-1", func(o *api.Options) { o.Auth = auth.APIKey{Key: sandbox.DemoAPIKey} })
	step := biometric.Step(&lossy{next: first}, "acme")
	w := ksync.NewWorker(db, ksync.Options{Profiles: map[string]ksync.Profile{"oneshot": ksync.WithSteps(nothing{}, step)}, Default: "oneshot"})
	if _, err := w.Pass(context.Background()); err != nil {
		t.Fatal(err)
	}
	noKey := &stripKey{next: first}
	w2 := ksync.NewWorker(db, ksync.Options{Profiles: map[string]ksync.Profile{"oneshot": ksync.WithSteps(nothing{}, biometric.Step(noKey, "acme"))}, Default: "oneshot"})
	if err := db.Retry(context.Background(), e.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w2.Pass(context.Background()); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Entry(context.Background(), e.ID)
	if got.State != store.Confirmed {
		t.Fatalf("entry %s %q, want confirmed after the 409 check", got.State, got.LastError)
	}
	// The sandbox keeps one signature; it counts the refused (409) resend as a second
	// attempt at the step, which is what a backend that ignores keys sees.
	n := 0
	for _, en := range sandboxtest.Received(t, srv).Enrolments {
		if en.API == "biometric" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d signatures at the sandbox, want 1", n)
	}
}

// stripKey drops the Idempotency-Key, as a backend that ignores it would behave.
type stripKey struct{ next biometric.Doer }

func (s *stripKey) Do(ctx context.Context, r api.Request) (*api.Response, error) {
	r.IdempotencyKey = ""
	return s.next.Do(ctx, r)
}
