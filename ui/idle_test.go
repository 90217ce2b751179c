package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// onScreen reports whether some visible text of w contains sub.
func onScreen(w fyne.Window, sub string) bool {
	for _, it := range Probe(w.Canvas()).Items {
		if strings.Contains(it.Text, sub) {
			return true
		}
	}
	return false
}

// TestStillThereBeforeTheLock: 30 s before the inactivity lock the kiosk asks "Still
// there?" with the seconds left; input dismisses it; at the limit it locks and the login
// says why. The lock waits longer while the customer has the screen.
func TestStillThereBeforeTheLock(t *testing.T) {
	s, _, _, w := newTestShell(t)
	s.activity.after = 2 * time.Minute
	logIn(t, s)
	start := time.Now()
	s.activity.last.Store(start.UnixNano())

	s.tick(start.Add(80 * time.Second))
	if s.still.object.Visible() {
		t.Fatal("the warning shows 40 s before the lock")
	}
	s.tick(start.Add(95 * time.Second))
	if !s.still.object.Visible() || !strings.Contains(s.still.text.Text, "25 s") {
		t.Fatalf("no warning 25 s before the lock: visible %v, %q", s.still.object.Visible(), s.still.text.Text)
	}
	test.Tap(s.still.here)
	s.tick(time.Now().Add(time.Second))
	if s.still.object.Visible() || s.operator.ID == "" {
		t.Fatal("I am still here did not keep the session")
	}

	s.activity.last.Store(start.UnixNano())
	s.tick(start.Add(100 * time.Second))
	s.tick(start.Add(121 * time.Second))
	if s.operator.ID != "" || !s.login.Object().Visible() || s.still.object.Visible() {
		t.Fatal("the kiosk did not lock at the limit")
	}
	if !onScreen(w, "locked itself after 2 min") {
		t.Fatal("the login does not say why the kiosk locked")
	}

	if got := s.activity.limit(true); got != 6*time.Minute {
		t.Errorf("the lock on the customer's screen is %v, want 6m (3 x 2m)", got)
	}
	if got := newActivity(time.Minute).limit(true); got != padLockMin {
		t.Errorf("a 1 min lock on the customer's screen is %v, want %v", got, padLockMin)
	}
}
