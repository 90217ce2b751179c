package people

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
	"github.com/enrolkiosk/enrolkiosk/sync/internal/sandboxtest"
)

// lossy reports the first POST /persons answer as lost, and strips the
// Idempotency-Key from the resend, as a backend that ignores keys would see it.
type lossy struct {
	next   Doer
	lost   bool
	noKeys bool
}

func (l *lossy) Do(ctx context.Context, r api.Request) (*api.Response, error) {
	if l.noKeys {
		r.IdempotencyKey = ""
	}
	resp, err := l.next.Do(ctx, r)
	if err == nil && r.Method == http.MethodPost && r.Path == "/persons" && !l.lost {
		l.lost = true
		return nil, &api.StatusError{Method: r.Method, Path: r.Path, Err: errors.New("reset"), RetryAt: time.Now()}
	}
	return resp, err
}

func TestPeopleDeliversOnceDespiteLostCreate(t *testing.T) {
	srv, url := sandboxtest.Sandbox(t, sandbox.Options{})
	db := storetest.Open(t)
	e := sandboxtest.Seal(t, db, Name, 1)
	c := sandboxtest.Client(t, url+"/people/api/v1", "inst-1", func(o *api.Options) { o.Auth = auth.APIKey{Key: sandbox.DemoAPIKey} })
	w := ksync.NewWorker(db, ksync.Options{Profiles: map[string]ksync.Profile{Name: New(&lossy{next: c, noKeys: true})}, Default: Name,
		Idle: 10 * time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := w.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Entry(ctx, e.ID)
	if got.State != store.Confirmed || got.Results["person_id"] == "" || got.Results["contact_id"] == "" {
		t.Fatalf("entry %s %v %q", got.State, got.Results, got.LastError)
	}
	sandboxtest.CheckExactlyOnce(t, sandboxtest.Received(t, srv), "people", 1, "person", "ine", "contact")
}

func TestPeopleWithoutCURPIsRejected(t *testing.T) {
	_, url := sandboxtest.Sandbox(t, sandbox.Options{})
	db := storetest.Open(t)
	rec := sandboxtest.Enrolment(Name, 1)
	rec.Applicant.CURP = ""
	e, _ := db.Seal(context.Background(), rec, sandboxtest.Evidence(t))
	c := sandboxtest.Client(t, url+"/people/api/v1", "inst-1", func(o *api.Options) { o.Auth = auth.APIKey{Key: sandbox.DemoAPIKey} })
	w := ksync.NewWorker(db, ksync.Options{Profiles: map[string]ksync.Profile{Name: New(c)}, Default: Name})
	if _, err := w.Pass(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Entry(context.Background(), e.ID); got.State != store.Rejected {
		t.Errorf("state %s, want rejected", got.State)
	}
}

func FuzzParsePersonID(f *testing.F) {
	f.Add([]byte(`{"success":true,"result":{"id":"3f1e..."}}`))
	f.Add([]byte(`{"success":false,"code":409,"error":"exists"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if id, err := parsePersonID(b); err == nil && (id == "" || strings.ContainsAny(id, "/?#% ")) {
			t.Fatalf("accepted %q", b)
		}
	})
}
