package ui

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/access"
	"github.com/enrolkiosk/enrolkiosk/config"
)

// TestRecoverDamagedQueue: with a damaged database the Enrol section offers to keep it
// aside and start a new one, and says where the damaged file went.
func TestRecoverDamagedQueue(t *testing.T) {
	test.NewTempApp(t)
	called := make(chan struct{}, 2)
	s := newEnrolSection(Deps{
		Config: config.Default(), DataDir: t.TempDir(),
		StoreErr: fmt.Errorf("local queue: %w", errors.New("the database file is damaged")),
		RecoverStore: func() (string, error) {
			called <- struct{}{}
			return "/data/enrolkiosk.db.corrupt-20261122T020000Z", nil
		},
	})
	done := make(chan struct{})
	s.recovered = func() { close(done) }
	test.NewTempWindow(t, s.object)
	b := findButtonIn(t, s.object, "Keep the damaged file aside and start a new queue")
	test.Tap(b)
	<-called
	<-done // the UI has shown the outcome; reading it now is ordered after the writes
	found := false
	walkObjects(s.object, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, "enrolkiosk.db.corrupt-20261122T020000Z") {
			found = true
		}
	})
	if !found {
		t.Fatal("where the damaged file went is not shown")
	}
	if !b.Disabled() {
		t.Error("the action can be run twice")
	}
}

// findButtonIn returns the button labelled text below o.
func findButtonIn(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	var b *widget.Button
	walkObjects(o, func(x fyne.CanvasObject) {
		if bb, ok := x.(*widget.Button); ok && bb.Text == text {
			b = bb
		}
	})
	if b == nil {
		t.Fatalf("no button %q on screen", text)
	}
	return b
}

// TestNoRecoveryForOtherStoreErrors: a store that fails for another reason (in use, a
// missing key) must not offer to move the database aside.
func TestNoRecoveryForOtherStoreErrors(t *testing.T) {
	test.NewTempApp(t)
	s := newEnrolSection(Deps{Config: config.Default(), DataDir: t.TempDir(), StoreErr: errors.New("in use")})
	walkObjects(s.object, func(o fyne.CanvasObject) {
		if _, ok := o.(*widget.Button); ok {
			t.Fatal("a button is offered for a store that is only in use")
		}
	})
}

// walkObjects visits every object below o, into containers and widgets' renderers.
func walkObjects(o fyne.CanvasObject, visit func(fyne.CanvasObject)) {
	if o == nil {
		return
	}
	visit(o)
	switch c := o.(type) {
	case *fyne.Container:
		for _, child := range c.Objects {
			walkObjects(child, visit)
		}
	case fyne.Widget:
		for _, child := range test.WidgetRenderer(c).Objects() {
			walkObjects(child, visit)
		}
	}
}

// TestReadOnlySettingsSayWhy: Settings that cannot be saved tell the operator why.
func TestReadOnlySettingsSayWhy(t *testing.T) {
	test.NewTempApp(t)
	for _, tt := range []struct {
		deps Deps
		want string
	}{
		{Deps{Config: config.Default(), Demo: true}, "Start the app without --demo"},
		{Deps{Config: config.Default()}, "once the local queue is open"},
	} {
		s := newSettingsSection(tt.deps, func() access.Operator { return access.Operator{} }, func(config.Config) {})
		found := false
		walkObjects(s.object, func(o fyne.CanvasObject) {
			if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, tt.want) {
				found = true
			}
		})
		if !found {
			t.Errorf("demo=%v: no %q on screen", tt.deps.Demo, tt.want)
		}
	}
}
