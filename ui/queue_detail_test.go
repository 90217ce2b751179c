package ui

import (
	"strings"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/store"
)

// TestQueueShowsUnreadableEntries: entries the store could not read are counted on the
// queue screen rather than hidden, and the readable ones are still listed.
func TestQueueShowsUnreadableEntries(t *testing.T) {
	s, _, _, _ := newTestShell(t)
	s.queue.apply(queueEntries(), &store.UnreadableError{IDs: []string{"ffffffff-6", "99999999-7"}})
	if len(s.queue.rows) != len(queueEntries()) {
		t.Fatalf("%d rows, want the %d readable entries", len(s.queue.rows), len(queueEntries()))
	}
	if !strings.Contains(s.queue.errText.Text, "2 entries could not be read") || !strings.Contains(s.queue.errText.Text, "enrolctl verify") {
		t.Fatalf("the screen says %q, want how many entries could not be read", s.queue.errText.Text)
	}
	s.queue.apply(queueEntries(), nil)
	if s.queue.errText.Text != "" {
		t.Fatalf("the warning stays after a clean read: %q", s.queue.errText.Text)
	}
}
