package ui

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/enrolkiosk/enrolkiosk/access"
	"github.com/enrolkiosk/enrolkiosk/access/accesstest"
	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/sync/auth"
)

func TestSettingsSave(t *testing.T) {
	test.NewTempApp(t)
	var got map[string]any
	var changed config.Config
	deps := Deps{Config: config.Default(), ConfigPath: "/etc/enrolkiosk.toml",
		SaveSettings: func(e map[string]any) (config.Config, error) {
			got = e
			if e["signature.source"] == "wacom" {
				return config.Config{}, errors.New(`signature.source "wacom": use "pointer", "evdev" or "evdev:/dev/input/eventN"`)
			}
			c := config.Default()
			c.Camera.Source = e["camera.source"].(string)
			return c, nil
		}}
	deps.Admin, deps.Audit = adminGate(t, ""), &fakeAudit{}
	admin := access.Operator{ID: "root", Session: auth.Session{Roles: []string{"Admin"}}}
	s := newSettingsSection(deps, func() access.Operator { return admin }, func(c config.Config) { changed = c })
	w := test.NewTempWindow(t, s.object)
	w.Resize(fyne.NewSize(900, 1100))

	s.fields.failures.SetText("many")
	s.save()
	if got != nil || !strings.Contains(s.result.Text, "whole number") {
		t.Fatalf("a bad number was saved: %q", s.result.Text)
	}
	s.fields.failures.SetText("4")
	s.fields.lat.SetText("-0.18")
	s.save()
	if got != nil || !strings.Contains(s.result.Text, "Latitude and longitude") {
		t.Fatalf("half a position was saved: %q", s.result.Text)
	}
	s.fields.lon.SetText("-78.47")
	s.fields.pen.SetText("wacom")
	s.save()
	if !strings.HasPrefix(s.result.Text, "Not saved:") {
		t.Fatalf("a refused setting looks saved: %q", s.result.Text)
	}
	test.AssertRendersToMarkup(t, "settings_refused.xml", w.Canvas())
	s.fields.pen.SetText("pointer")
	s.fields.camera.SetText("file:/srv/cam")
	s.save()
	if got["kiosk.max_login_failures"] != int64(4) || got["location.lat"] != -0.18 || got["camera.source"] != "file:/srv/cam" {
		t.Fatalf("edits %v", got)
	}
	if changed.Camera.Source != "file:/srv/cam" || !strings.HasPrefix(s.result.Text, "Saved.") {
		t.Fatalf("after saving: %q, %+v", s.result.Text, changed.Camera)
	}
}

func TestSettingsReadOnlyWithoutSave(t *testing.T) {
	test.NewTempApp(t)
	s := newSettingsSection(Deps{Config: config.Default()}, noOperator, func(config.Config) {})
	if s.fields.camera.Disabled() == false {
		t.Fatal("settings are editable without a way to save them")
	}
}

func TestSettingsCameraChoice(t *testing.T) {
	test.NewTempApp(t)
	s := newSettingsSection(Deps{Config: config.Default(), SaveSettings: func(map[string]any) (config.Config, error) { return config.Default(), nil }}, noOperator, func(config.Config) {})
	var pattern string
	for _, c := range s.fields.cameraInfo {
		if c.Kind == "videotest" {
			pattern = c.Label
		}
	}
	if pattern == "" {
		t.Fatalf("the test pattern is not listed: %+v", s.fields.cameraInfo)
	}
	s.fields.cameras.SetSelected(pattern)
	if s.fields.camera.Text != "videotest" || s.fields.cameraLabel.Text != "" {
		t.Fatalf("choosing the test pattern set %q / %q", s.fields.camera.Text, s.fields.cameraLabel.Text)
	}
}

// noOperator is who is logged in before a login.
func noOperator() access.Operator { return access.Operator{} }

// fakeAudit is a hand-written Auditor keeping what it was told.
type fakeAudit struct {
	mu      sync.Mutex
	entries []string
}

func (f *fakeAudit) Record(_ context.Context, event, detail string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.entries = append(f.entries, event+": "+detail)
	return nil
}

func (f *fakeAudit) all() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.entries...)
}

// adminGate is the program's administrator check: the default roles, and passphrase
// when set.
func adminGate(t *testing.T, passphrase string) *access.Service {
	t.Helper()
	return access.NewService(context.Background(), access.Config{Values: accesstest.NewValues(), MaxFailures: 3,
		Params: accesstest.Params(), AdminPassphrase: passphrase})
}

// Through the Settings screen: an operator without an administrator role cannot point a
// backend URL elsewhere or weaken the lockout; the camera is theirs to change; an
// administrator (by role, or by the passphrase) can; every change and every refusal is
// audited without a secret and without the operator's name.
func TestSettingsProtectedNeedAnAdministrator(t *testing.T) {
	test.NewTempApp(t)
	const passphrase = "correct horse battery staple"
	saves := 0
	deps := Deps{Config: config.Default(), ConfigPath: "/etc/enrolkiosk.toml",
		SaveSettings: func(e map[string]any) (config.Config, error) {
			saves++
			c := config.Default()
			c.Backend.OneShotURL, _ = e["backend.oneshot_url"].(string)
			c.Camera.Source, _ = e["camera.source"].(string)
			return c, nil
		}}
	audit := &fakeAudit{}
	deps.Admin, deps.Audit = adminGate(t, passphrase), audit
	op := access.Operator{ID: "ana@bank.example", Name: "Ana", Session: auth.Session{Roles: []string{"operator"}}}
	s := newSettingsSection(deps, func() access.Operator { return op }, func(config.Config) {})
	w := test.NewTempWindow(t, s.object)
	w.Resize(fyne.NewSize(900, 1200))
	if !s.admin.Visible() {
		t.Fatal("no administrator passphrase field although one is configured")
	}

	test.Type(s.fields.oneshot, "https://evil.example")
	test.Tap(findButtonIn(t, s.object, "Save"))
	if saves != 0 || !strings.Contains(s.result.Text, access.ErrNotAdmin.Error()) || !strings.Contains(s.result.Text, "backend.oneshot_url") {
		t.Fatalf("a non-administrator changed a backend URL: %d saves, %q", saves, s.result.Text)
	}
	s.fields.oneshot.SetText("")
	s.fields.failures.SetText("10")
	test.Tap(findButtonIn(t, s.object, "Save"))
	if saves != 0 || !strings.Contains(s.result.Text, "kiosk.max_login_failures") {
		t.Fatalf("a non-administrator changed the lockout: %d saves, %q", saves, s.result.Text)
	}
	s.fields.failures.SetText("5")
	s.fields.camera.SetText("videotest")
	test.Tap(findButtonIn(t, s.object, "Save"))
	if saves != 1 || !strings.HasPrefix(s.result.Text, "Saved.") {
		t.Fatalf("the camera, which needs no administrator: %d saves, %q", saves, s.result.Text)
	}

	s.fields.oneshot.SetText("https://api2.bank.example")
	test.Type(s.admin, "wrong")
	test.Tap(findButtonIn(t, s.object, "Save"))
	if saves != 1 || !strings.Contains(s.result.Text, access.ErrBadAdminPassphrase.Error()) || s.admin.Text != "" {
		t.Fatalf("a wrong passphrase: %d saves, %q, field left %q", saves, s.result.Text, s.admin.Text)
	}
	test.Type(s.admin, passphrase)
	test.Tap(findButtonIn(t, s.object, "Save"))
	if saves != 2 || !strings.HasPrefix(s.result.Text, "Saved.") || s.admin.Text != "" {
		t.Fatalf("with the passphrase: %d saves, %q", saves, s.result.Text)
	}

	op.Session.Roles = []string{"Superadmin"}
	s.fields.oneshot.SetText("https://api3.bank.example")
	test.Tap(findButtonIn(t, s.object, "Save"))
	if saves != 3 || !strings.HasPrefix(s.result.Text, "Saved.") {
		t.Fatalf("an administrator by role: %d saves, %q", saves, s.result.Text)
	}
	op.Session.Roles, op.Offline = nil, true // offline: the backend vouches for no role today
	s.fields.oneshot.SetText("https://api4.bank.example")
	test.Tap(findButtonIn(t, s.object, "Save"))
	if saves != 3 {
		t.Fatal("an offline operator changed a backend URL without the passphrase")
	}

	got := audit.all()
	want := []string{
		store.EventSettingsRefused + `: backend.oneshot_url; operator `,
		store.EventSettingsRefused + `: kiosk.max_login_failures; operator `,
		store.EventSettingsChanged + `: camera.source="videotest"; operator `,
		store.EventSettingsRefused + `: backend.oneshot_url; operator `,
		store.EventSettingsChanged + `: backend.oneshot_url="https://api2.bank.example"; by passphrase; operator `,
		store.EventSettingsChanged + `: backend.oneshot_url="https://api3.bank.example"; by role:Superadmin; operator `,
		store.EventSettingsRefused + `: backend.oneshot_url; operator `,
	}
	if len(got) != len(want) {
		t.Fatalf("audit log:\n%s", strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("audit entry %d = %q, want it to start %q", i, got[i], want[i])
		}
		if strings.Contains(got[i], passphrase) || strings.Contains(got[i], "ana@bank.example") || strings.Contains(got[i], "wrong") {
			t.Errorf("audit entry %d holds a secret or the operator's name: %q", i, got[i])
		}
	}
}
