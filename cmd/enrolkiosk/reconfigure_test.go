package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/sandbox"
	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/store/storetest"
	ksync "github.com/enrolkiosk/enrolkiosk/sync"
)

// sealFixture seals enrolment n with the sync tests' small valid evidence.
func sealFixture(t *testing.T, db *store.DB, n int) string {
	t.Helper()
	dir := filepath.Join("..", "..", "sync", "internal", "sandboxtest", "testdata", "evidence")
	ev := func(kind store.EvidenceKind, ct, name string) store.EvidenceInput {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return store.Bytes(kind, ct, b)
	}
	e, err := db.Seal(context.Background(), store.Enrolment{Profile: "oneshot", OperatorID: "rao-1",
		Applicant: store.Applicant{GivenName: "Ana", Surname1: "García", IDDocumentType: "IDC", IDDocumentCountry: "ES",
			SerialNumber: fmt.Sprintf("%08dZ", n), Email: fmt.Sprintf("ana%d@example.com", n), MobilePhoneNumber: "+34600000000"},
		Acceptance: store.Acceptance{TermsVersion: "2026-01", Accepted: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC), IP: "10.0.0.7", UserAgent: "t"},
		Checks:     store.SecurityChecks{OriginalDocumentSeen: true, FaceMatches: true, NotExpired: true}},
		[]store.EvidenceInput{ev(store.DocumentFront, "image/jpeg", "document_front.jpg"), ev(store.DocumentRear, "image/jpeg", "document_rear.jpg"),
			ev(store.DocumentOwner, "image/jpeg", "document_owner.jpg"), ev(store.Video, "video/webm", "selfie.webm")})
	if err != nil {
		t.Fatal(err)
	}
	return e.ID
}

// TestAppResumesWhenSettingsFixTheCredentials is the app's side of a wrong billing
// password: the running worker pauses the profile with the backend's reason, the
// enrolments stay queued, and once the configuration file names the right credential
// (as Settings writes it) the watcher reloads it and all are confirmed, with no restart.
func TestAppResumesWhenSettingsFixTheCredentials(t *testing.T) {
	srv, err := sandbox.New(context.Background(), sandbox.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	defer func() { hs.Close(); srv.Close() }()
	for k, v := range map[string]string{"EK_USER": "9001800", "EK_PASS": "Gy6F89xK", "EK_PIN": "p1n",
		"EK_BILL_USER": sandbox.DemoBillingUsername, "EK_BILL_PASS": sandbox.DemoBillingPassword, "EK_BILL_WRONG": "d3Jvbmc="} {
		t.Setenv(k, v)
	}
	cfgPath := filepath.Join(t.TempDir(), "enrolkiosk.toml")
	write := func(billEnv string) {
		toml := `profile = "oneshot"
[backend]
oneshot_url = "` + hs.URL + `"
registration_authority = "139"
cert_profile = "PFnubeQAFCiudadano"
username = { env = "EK_USER" }
password = { env = "EK_PASS" }
pin = { env = "EK_PIN" }
billing_username = { env = "EK_BILL_USER" }
billing_password = { env = "` + billEnv + `" }
`
		if err := os.WriteFile(cfgPath, []byte(toml), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("EK_BILL_WRONG")
	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	db := storetest.Open(t)
	var ids []string
	for i := range 3 {
		ids = append(ids, sealFixture(t, db, i))
	}
	paused := make(chan string, 8)
	onEvent := func(e ksync.Event) {
		if e.Kind == ksync.EventWorker && e.Worker == ksync.WorkerAuthFailed {
			paused <- e.Err
		}
	}
	logger := slog.New(slog.DiscardHandler)
	dev, err := headers(context.Background(), db, cfg)
	if err != nil {
		t.Fatal(err)
	}
	w, err := newWorker(context.Background(), db, cfg, dev, true, onEvent, logger)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // a hang guard
	defer cancel()
	var wg sync.WaitGroup
	wg.Go(func() { w.Run(ctx) })
	re := &reconfigurer{w: w, db: db, dev: dev, onEvent: onEvent, logger: logger}
	wg.Go(func() { watchConfig(ctx, cfgPath, 20*time.Millisecond, logger, re.apply) })
	defer func() { cancel(); wg.Wait() }()

	select {
	case reason := <-paused:
		if !strings.Contains(reason, "You do not have permission to perform this action") {
			t.Errorf("pause reason %q, want the backend's message", reason)
		}
	case <-ctx.Done():
		t.Fatal("the worker never paused on the refused billing account")
	}
	for _, id := range ids {
		if e, _ := db.Entry(ctx, id); !e.State.Pending() {
			t.Errorf("%s is %s while paused, want queued", store.ShortID(id), e.State)
		}
	}
	write("EK_BILL_PASS")
	for _, id := range ids {
		for {
			e, err := db.Entry(ctx, id)
			if err == nil && e.State == store.Confirmed {
				break
			}
			if ctx.Err() != nil {
				t.Fatalf("%s: %s after the fix (%v)", store.ShortID(id), e.State, err)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
}
