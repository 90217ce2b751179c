package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/fleet"
)

// TestFreezeOnTheStatusBar: a warning shows on the status bar and above the wizard while
// enrolling stays allowed; a freeze refuses the start of a new enrolment with the reason
// and what to do; lifting it clears both.
func TestFreezeOnTheStatusBar(t *testing.T) {
	s, _, _, _ := newTestShell(t)
	logIn(t, s)
	warn := fleet.Verdict{Level: fleet.Warning, Cause: fleet.CauseStale, Pending: 3, MaxPending: 500, Stale: 6 * 24 * time.Hour, FreezeAfter: 7 * 24 * time.Hour}
	s.Fleet(warn)
	if got := barFreezeText(s.bar); got != "Delivery overdue" {
		t.Errorf("warning on the bar = %q", got)
	}
	if !s.freezeNote.Visible() || !strings.Contains(s.freezeNote.Text, "6.0 days") {
		t.Errorf("warning above the wizard = %q", s.freezeNote.Text)
	}
	if err := s.mayStart(); err != nil {
		t.Errorf("a warning refused the enrolment: %v", err)
	}
	frozen := fleet.Verdict{Level: fleet.Frozen, Cause: fleet.CausePending, Pending: 501, MaxPending: 500, FreezeAfter: 7 * 24 * time.Hour}
	s.Fleet(frozen)
	if got := barFreezeText(s.bar); got != "New enrolments refused" {
		t.Errorf("freeze on the bar = %q", got)
	}
	err := s.mayStart()
	if err == nil || !strings.Contains(err.Error(), "501 enrolments wait") || !strings.Contains(err.Error(), "deliver the queue") {
		t.Fatalf("frozen start = %v", err)
	}
	s.Fleet(fleet.Verdict{})
	if barFreezeText(s.bar) != "" || s.freezeNote.Visible() || s.mayStart() != nil {
		t.Error("the freeze did not lift")
	}
}

// barFreezeText returns what the bar says about the freeze rules ("" when nothing).
func barFreezeText(b *StatusBar) string {
	if !b.freeze.Visible() {
		return ""
	}
	return b.freeze.Text
}
