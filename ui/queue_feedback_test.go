package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// TestQueueActionsGiveFeedback: Retry, Sync now and pausing each say what they did, and
// pausing shows the status bar's "Sending paused" chip.
func TestQueueActionsGiveFeedback(t *testing.T) {
	s, fs, sy, _ := newTestShell(t)
	logIn(t, s)
	s.tabs.SelectIndex(tabQueue)
	fs.entries = queueEntries()
	showQueue(t, s, fs)

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
	if got := s.queue.notice.Text; !strings.HasPrefix(got, "Sending paused") {
		t.Errorf("pausing says %q", got)
	}
	if got := s.queue.rows["cccccccc-3"].state.Text; got != "Sending paused" {
		t.Errorf("a waiting enrolment says %q while sending is paused", got)
	}
	sy.mu.Lock()
	sy.now = false // Retry woke the worker
	sy.mu.Unlock()
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
