package agent_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/sandbox"
	"github.com/enrolkiosk/enrolkiosk/store/storetest"
	"github.com/enrolkiosk/enrolkiosk/sync/agent"
	"github.com/enrolkiosk/enrolkiosk/sync/internal/sandboxtest"
)

// TestNothingSecretOrPersonalIsLogged delivers with every profile through a debug logger
// under faults (so retries, rejections and refusals log too) and looks for credentials,
// applicant data and evidence bytes in what was logged.
func TestNothingSecretOrPersonalIsLogged(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	for _, profile := range config.Profiles {
		_, url := sandboxtest.Sandbox(t, sandbox.Options{Faults: sandbox.Faults{ErrorRate: 0.2, ResetRate: 0.1}, Seed: 9})
		db := storetest.Open(t)
		sandboxtest.Seal(t, db, profile, 1)
		w, err := agent.New(context.Background(), agent.Options{Config: demoConfig(t, url, profile), Store: db,
			Device: sandboxtest.Device{ID: "inst-1", FP: "fp"}, PollInterval: 5 * time.Millisecond, Logger: logger})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		if _, err := w.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		cancel()
	}
	if logs.Len() == 0 {
		t.Fatal("nothing was logged: the test looks at nothing")
	}
	rec := sandboxtest.Enrolment("oneshot", 1)
	secrets := []string{"Gy6F89xK", `"p1n"`, sandbox.DemoBillingPassword, sandbox.DemoAPIKey, "Bearer ", "eyJ",
		rec.Applicant.Surname1, rec.Applicant.Email, rec.Applicant.SerialNumber, rec.Applicant.MobilePhoneNumber, rec.Applicant.CURP}
	for _, name := range []string{"document_front.jpg", "selfie.webm", "signature.png"} {
		secrets = append(secrets, base64.StdEncoding.EncodeToString(sandboxtest.Fixture(t, name)[100:130]))
	}
	for _, s := range secrets {
		if strings.Contains(logs.String(), s) {
			t.Errorf("the log contains %q", s)
		}
	}
	t.Logf("%d bytes of logs checked", logs.Len())
}
