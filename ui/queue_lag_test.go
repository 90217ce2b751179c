package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/enrolkiosk/enrolkiosk/store"
	ksync "github.com/enrolkiosk/enrolkiosk/sync"
)

// sealedAndSending is one enrolment being uploaded, and the same enrolment once the
// backend confirmed it.
func sealedAndSending() (sending, confirmed store.Entry) {
	at := time.Date(2026, 12, 1, 10, 29, 0, 0, time.UTC)
	sending = store.Entry{ID: "abcdef01-1", State: store.Sending, Step: 2, StepName: "video", Sealed: at, Updated: at.Add(time.Second)}
	confirmed = sending
	confirmed.State, confirmed.Updated, confirmed.Confirmed = store.Confirmed, at.Add(3*time.Second), at.Add(3*time.Second)
	return sending, confirmed
}

// queueShowing logs an operator in and shows entries on the queue screen.
func queueShowing(t *testing.T, entries ...store.Entry) (*Shell, *fakeStore, fyne.Window) {
	t.Helper()
	s, fs, _, w := newTestShell(t)
	logIn(t, s)
	s.tabs.SelectIndex(tabQueue)
	fs.entries = entries
	showQueue(t, s, fs)
	return s, fs, w
}

// TestQueueRowLateProgressDoesNotOverrideState: a progress event drawn after the row shows
// the store's final state (the upload's last 100% coming in the same frame as, or after,
// the confirmation) leaves the row saying what the store says.
func TestQueueRowLateProgressDoesNotOverrideState(t *testing.T) {
	sending, confirmed := sealedAndSending()
	s, fs, _ := queueShowing(t, sending)
	progress := ksync.Event{Kind: ksync.EventProgress, Enrolment: sending.ID, Step: "video", StepIndex: 2, Sent: 100, Total: 100}
	s.queue.post(progress)
	waitUI(t, s)
	r := s.queue.rows[sending.ID]
	if r == nil || !r.bar.Visible() {
		t.Fatal("the upload's progress is not shown while sending")
	}
	s.queue.event(ksync.Event{Kind: ksync.EventProgress, Enrolment: sending.ID, Step: "video", Sent: 50, Total: 100}) // as the worker sends it: no step number
	if got := r.detail.Text; got != "Step 3: video · 50 B / 100 B" {
		t.Errorf("an unnumbered progress event of the entry's step shows %q", got)
	}

	fs.mu.Lock()
	fs.entries = []store.Entry{confirmed}
	fs.mu.Unlock()
	s.queue.post(ksync.Event{Kind: ksync.EventState, Enrolment: sending.ID, State: store.Confirmed})
	s.queue.post(progress) // late: emitted before the state, drawn in the same frame
	waitUI(t, s)
	s.queue.event(progress) // and once more after it
	r = s.queue.rows[confirmed.ID]
	if got := r.state.Text; got != "Delivered and confirmed" {
		t.Errorf("the row says %q once the store says confirmed", got)
	}
	if r.bar.Visible() {
		t.Error("a late progress event shows the upload bar on a confirmed enrolment")
	}
	if got := r.detail.Text; got != "Confirmed by the backend at "+clock(confirmed.Confirmed, time.Now()) {
		t.Errorf("the row's detail is %q", got)
	}
}

// TestQueueRowStaleReadDoesNotOverrideState: an entry read before the store changed and
// handed over after the list showed the change (a read in flight) does not bring the old
// state back; the row shows the store's latest.
func TestQueueRowStaleReadDoesNotOverrideState(t *testing.T) {
	sending, confirmed := sealedAndSending()
	s, fs, _ := queueShowing(t, sending)

	// A read of the entry is under way (the row was rebound) while it is still sending...
	delete(s.queue.details, sending.ID)
	s.queue.fetching[sending.ID] = true
	// ...the store changes, and the list read after the change is drawn first...
	fs.mu.Lock()
	fs.entries = []store.Entry{confirmed}
	fs.mu.Unlock()
	s.queue.reload()
	s.queue.busy.Wait()
	s.queue.flush()
	// ...then the read hands over what it found before the change.
	s.queue.events.got(map[string]store.Entry{sending.ID: sending})
	waitUI(t, s)
	if got := s.queue.rows[confirmed.ID].state.Text; got != "Delivered and confirmed" {
		t.Errorf("the row says %q once the store says confirmed", got)
	}
	if e := s.queue.details[confirmed.ID]; e.State != store.Confirmed {
		t.Errorf("the screen keeps the entry as %q", e.State)
	}
}

// TestQueueListReadsEndingOutOfOrder: two reads of the list run on their own goroutines;
// when the older one ends last (a loaded machine), the screen keeps the newer one: the
// summary and the row do not go back to "Sending" after the store said confirmed.
func TestQueueListReadsEndingOutOfOrder(t *testing.T) {
	sending, confirmed := sealedAndSending()
	s, fs, _ := queueShowing(t, sending)
	q := s.queue

	q.reads += 2 // two reads start, the first before the store changed, the second after
	first, second := q.reads-1, q.reads
	older := viewOf([]store.Meta{{ID: sending.ID, State: store.Sending, Sealed: sending.Sealed, Updated: sending.Updated}}, nil, confirmedPage)
	newer := viewOf([]store.Meta{{ID: confirmed.ID, State: store.Confirmed, Sealed: confirmed.Sealed, Updated: confirmed.Updated,
		Confirmed: confirmed.Confirmed}}, nil, confirmedPage)
	fs.mu.Lock()
	fs.entries = []store.Entry{confirmed}
	fs.mu.Unlock()

	q.events.read(second, newer, 0)
	waitUI(t, s)
	q.events.read(first, older, 0) // ends last, in a later frame
	waitUI(t, s)
	if got := q.summary.Text; got != "Every enrolment is delivered." {
		t.Errorf("the summary says %q after an older read ended last", got)
	}
	if got := q.rows[confirmed.ID].state.Text; got != "Delivered and confirmed" {
		t.Errorf("the row says %q after an older read ended last", got)
	}

	q.reads += 2 // and both ending in the same frame, the older last
	first, second = q.reads-1, q.reads
	q.events.read(second, newer, 0)
	q.events.read(first, older, 0)
	waitUI(t, s)
	if got := q.summary.Text; got != "Every enrolment is delivered." {
		t.Errorf("the summary says %q after two reads ended in one frame", got)
	}
}
