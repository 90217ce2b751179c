package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// TestQueueActionsGiveFeedback: Sync now, Retry, Hold and Release each say what they did;
// pausing shows the status bar's "Sending paused" chip and rows say so; the newest
// enrolment is listed first.
func TestQueueActionsGiveFeedback(t *testing.T) {
	s, fs, sy, _ := newTestShell(t)
	logIn(t, s)
	s.tabs.SelectIndex(tabQueue)
	entries := queueEntries()
	entries[3].Sealed = entries[3].Sealed.Add(time.Hour) // dddddddd-4 is the newest
	fs.entries = entries
	s.queue.apply(entries, nil)
	if first := s.queue.list.Objects[0]; first != s.queue.rows["dddddddd-4"].object {
		t.Fatal("the newest enrolment is not listed first")
	}
	if got := s.queue.rows["cccccccc-3"].state.Text; !strings.HasPrefix(got, "Not delivered — retrying at ") {
		t.Errorf("a failing enrolment says %q", got)
	}

	test.Tap(s.queue.rows["aaaaaaaa-1"].retry)
	<-fs.actions
	s.queue.busy.Wait()
	waitUntil(t, func() bool { return s.queue.notice.Text == "aaaaaaaa: sending again now." }, "the Retry feedback")

	if s.bar.paused.Visible() {
		t.Fatal("the chip is shown before a pause")
	}
	test.Tap(s.queue.pause)
	if !sy.Paused() || !s.bar.paused.Visible() {
		t.Fatal("pausing did not show the status bar's chip")
	}
	s.queue.apply(entries, nil)
	sy.mu.Lock()
	sy.now = false // Retry woke the worker
	sy.mu.Unlock()
	if got := s.queue.rows["cccccccc-3"].state.Text; got != "Sending paused" {
		t.Errorf("a waiting enrolment says %q while paused", got)
	}
	test.Tap(s.queue.syncBtn)
	if sy.now || !strings.Contains(s.queue.notice.Text, "Sending is paused") {
		t.Fatalf("Sync now while paused: woke %v, says %q", sy.now, s.queue.notice.Text)
	}
	test.Tap(s.queue.pause)
	if s.bar.paused.Visible() {
		t.Fatal("the chip stayed after resuming")
	}
	test.Tap(s.queue.syncBtn)
	if !sy.now || !strings.HasPrefix(s.queue.notice.Text, "Sync started at ") {
		t.Fatalf("Sync now: woke %v, says %q", sy.now, s.queue.notice.Text)
	}
	s.queue.busy.Wait()
	tech := s.queue.rows["cccccccc-3"]
	if tech.tech.Visible() || !tech.details.Visible() {
		t.Fatal("the technical text is not behind Details")
	}
	test.Tap(tech.details)
	if !tech.tech.Visible() || tech.tech.Text != "backend unavailable" {
		t.Fatalf("Details shows %q", tech.tech.Text)
	}
}

// waitUntil polls cond for up to 5 s.
func waitUntil(t *testing.T, cond func() bool, what string) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s did not happen", what)
		}
	}
}
