package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/access"
	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/store"
	ksync "github.com/enrolkiosk/enrolkiosk/sync"
	"github.com/enrolkiosk/enrolkiosk/ui/wizard"
)

func newTestShell(t *testing.T) (*Shell, *fakeStore, *fakeSync, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	fs, sy := newFakeStore(), &fakeSync{}
	svc := access.NewService(context.Background(), access.Config{Online: fakeOnline{}, Values: fs, MaxFailures: 3,
		Params: access.Params{Time: 1, MemoryKiB: 64, Threads: 1}})
	cfg := config.Default()
	s := NewShell(Deps{Config: cfg, DataDir: t.TempDir(), Store: fs, Login: svc, Sync: sy,
		Terms: wizard.Terms{Version: "T-1", Text: "Terms"}})
	w := test.NewTempWindow(t, s.Object())
	w.Resize(fyne.NewSize(1100, 720))
	return s, fs, sy, w
}

// logIn logs ana in through the login service, as the login screen does.
func logIn(t *testing.T, s *Shell) {
	t.Helper()
	op, err := s.deps.Login.Login(context.Background(), "ana", "secret", "")
	if err != nil {
		t.Fatal(err)
	}
	s.loggedIn(op)
}

func TestLoginOpensTheWizardAndLockClearsIt(t *testing.T) {
	s, fs, _, _ := newTestShell(t)
	if s.main.Visible() {
		t.Fatal("the sections are visible before a login")
	}
	logIn(t, s)
	if !s.main.Visible() || s.Operator().ID != "ana" || s.opLabel.Text != "Ana Operator" {
		t.Fatalf("after login: main %v, operator %+v", s.main.Visible(), s.Operator())
	}
	if s.wizard == nil || s.Selected() != "Enrol" {
		t.Fatal("the wizard is not on the Enrol section")
	}
	s.wizard.Draft().Applicant.GivenName = "Ana"
	s.Lock()
	if s.main.Visible() || !s.login.Object().Visible() || s.Operator().ID != "" {
		t.Fatal("Lock left the sections on screen")
	}
	if !fs.waitDraft(wizard.DraftFor("ana"), 5*time.Second) {
		t.Fatal("Lock did not save the enrolment in progress")
	}
	if s.wizard.Draft().Applicant.GivenName != "" {
		t.Error("the customer's data stayed in the wizard after the lock")
	}
	if err := s.deps.Login.Unlock(context.Background(), "secret"); err == nil {
		t.Error("the session survived the lock")
	}
}

func TestInactivityLock(t *testing.T) {
	idle := func(a *activity, now time.Time) bool { left, on := a.left(now, false); return on && left <= 0 }
	a := newActivity(time.Minute)
	now := time.Now()
	if idle(a, now) {
		t.Fatal("idle right after input")
	}
	if !idle(a, now.Add(61*time.Second)) {
		t.Fatal("not idle after the lock's duration")
	}
	a.MouseMoved(nil)
	if idle(a, time.Now().Add(30*time.Second)) {
		t.Fatal("pointer movement did not count as input")
	}
	if idle(newActivity(0), now.Add(time.Hour)) {
		t.Fatal("a zero duration locked")
	}
}

func queueEntries() []store.Entry {
	at := time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)
	return []store.Entry{
		{ID: "aaaaaaaa-1", State: store.Rejected, Step: 1, StepName: "evidences", Reason: "document_front is not a readable image", Sealed: at, EvidenceBytes: 1 << 20},
		{ID: "bbbbbbbb-2", State: store.Sending, Step: 2, StepName: "video", Sealed: at, EvidenceBytes: 2 << 20},
		{ID: "cccccccc-3", State: store.Queued, Attempts: 2, LastError: "backend unavailable", NextAttempt: at.Add(time.Minute), Sealed: at},
		{ID: "dddddddd-4", State: store.Held, HeldFrom: store.Queued, Sealed: at},
		{ID: "eeeeeeee-5", State: store.Confirmed, Confirmed: at.Add(time.Hour), Sealed: at},
		{ID: "ffffffff-6", Profile: "oneshot", State: store.Reconcile, LastError: "needs reconciliation", Sealed: at,
			InFlight: &store.InFlight{Step: 0, Name: "create", What: "POST /api/v1/videoid", At: at.Add(62 * time.Second)}},
	}
}

// showQueue shows fs's entries on the queue screen and waits until their rows are bound
// with the details read.
func showQueue(t *testing.T, s *Shell, fs *fakeStore) {
	t.Helper()
	s.queue.reload()
	s.queue.busy.Wait()
	waitUI(t, s)
}

// waitUI draws frames (as the queue screen's ticker does) until the reads they start
// have all been drawn.
func waitUI(t *testing.T, s *Shell) {
	t.Helper()
	for range 4 {
		s.queue.busy.Wait()
		s.queue.flush()
	}
	s.queue.busy.Wait()
}

func TestQueueScreen(t *testing.T) {
	s, fs, sy, w := newTestShell(t)
	logIn(t, s)
	s.tabs.SelectIndex(tabQueue)
	fs.entries = queueEntries()
	showQueue(t, s, fs)
	s.queue.event(ksync.Event{Kind: ksync.EventProgress, Enrolment: "bbbbbbbb-2", Step: "video", StepIndex: 2, Sent: 512 << 10, Total: 1 << 20})
	test.AssertRendersToMarkup(t, "queue.xml", w.Canvas())

	var order []string
	for _, m := range s.queue.view.rows {
		order = append(order, m.ID[:1])
	}
	if got := strings.Join(order, ""); got != "afdbce" {
		t.Errorf("order %s, want rejected, to reconcile, held, sending, queued, confirmed (afdbce)", got)
	}
	rej, held, rec := s.queue.rows["aaaaaaaa-1"], s.queue.rows["dddddddd-4"], s.queue.rows["ffffffff-6"]
	if rej == nil || held == nil || rec == nil {
		t.Fatalf("rows bound: %v", s.queue.rows)
	}
	if !rej.retry.Visible() || rej.release.Visible() || !held.release.Visible() || held.hold.Visible() || !rec.reconcile.Visible() || rej.reconcile.Visible() {
		t.Fatal("the actions offered do not fit the states")
	}
	if !strings.Contains(rec.detail.Text, "Sent at 2026-11-22 09:31") || strings.Contains(rec.detail.Text, "POST") {
		t.Errorf("the entry to reconcile says %q, want when it was sent (what, behind Details)", rec.detail.Text)
	}
	if got := s.queue.rows["bbbbbbbb-2"].bar.Value; got != 0.5 {
		t.Errorf("progress %v, want 0.5", got)
	}
	test.Tap(rej.retry)
	if a := <-fs.actions; a != "retry aaaaaaaa-1" {
		t.Errorf("Retry did %q", a)
	}
	waitUI(t, s)
	held = s.queue.rows["dddddddd-4"]
	test.Tap(held.release)
	if a := <-fs.actions; a != "release dddddddd-4" {
		t.Errorf("Release did %q", a)
	}
	waitUI(t, s)
	test.Tap(s.queue.pause)
	if !sy.Paused() || s.queue.pause.Text != "Resume sending" {
		t.Error("Pause sending did not pause the worker")
	}
	if summary(map[store.State]int{store.Confirmed: 3}) != "Every enrolment is delivered." {
		t.Error("summary of a delivered queue")
	}
}

// TestQueueReconcileAction attaches the backend's request to an entry waiting for
// reconciliation, as an operator does from the queue screen.
func TestQueueReconcileAction(t *testing.T) {
	fs := newFakeStore()
	fs.entries = queueEntries()
	if err := attachRequest(context.Background(), fs, "ffffffff-6", "45836", "operator ana"); err != nil {
		t.Fatal(err)
	}
	if a := <-fs.actions; a != "reconcile ffffffff-6 request_pk=45836 by operator ana" {
		t.Errorf("attach did %q", a)
	}
	if err := attachRequest(context.Background(), fs, "ffffffff-6", "12x", "operator ana"); err == nil || !strings.Contains(err.Error(), "not a request pk") {
		t.Errorf("a bad pk: %v", err)
	}
	if err := attachRequest(context.Background(), fs, "aaaaaaaa-1", "1", "operator ana"); err == nil {
		t.Error("a rejected entry was reconciled")
	}
}

// TestQueuePausedProfile: a refusal of the credentials shows the backend's reason on the
// queue screen and the status bar, ranks that profile's entries as paused, and clears
// when the worker resumes the profile.
func TestQueuePausedProfile(t *testing.T) {
	s, fs, _, _ := newTestShell(t)
	logIn(t, s)
	s.tabs.SelectIndex(tabQueue)
	fs.entries = queueEntries()
	for i := range fs.entries {
		fs.entries[i].Profile = "oneshot"
	}
	s.SyncEvent(ksync.Event{Kind: ksync.EventWorker, Worker: ksync.WorkerAuthFailed, Profile: "oneshot", Err: "HTTP 403: You do not have permission"})
	waitUI(t, s)
	if !strings.Contains(s.queue.errText.Text, "You do not have permission") || !strings.Contains(s.bar.authPause.Text, "You do not have permission") || !s.bar.authPause.Visible() {
		t.Fatalf("queue %q, status bar %q: want the backend's reason on both", s.queue.errText.Text, s.bar.authPause.Text)
	}
	if r := s.queue.rows["cccccccc-3"]; r == nil || r.state.Text != "Paused: credentials refused" {
		t.Errorf("a queued entry of the paused profile shows %v", r)
	}
	s.SyncEvent(ksync.Event{Kind: ksync.EventWorker, Worker: ksync.WorkerIdle, Profile: "oneshot"})
	waitUI(t, s)
	if s.queue.errText.Text != "" || s.bar.paused.Visible() {
		t.Errorf("the pause is still shown after the profile resumed: %q", s.queue.errText.Text)
	}
}

// TestQueueVirtualListScales: with 5,000 entries the screen binds widgets for the visible
// rows only, reads the details of those rows only, pages the confirmed ones, and a burst
// of worker events is drawn in one frame.
func TestQueueVirtualListScales(t *testing.T) {
	s, fs, _, _ := newTestShell(t)
	logIn(t, s)
	s.tabs.SelectIndex(tabQueue)
	at := time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)
	for i := range 5000 {
		st := store.Queued
		if i%2 == 0 {
			st = store.Confirmed
		}
		fs.entries = append(fs.entries, store.Entry{ID: fmt.Sprintf("%08x-%d", i, i), State: st, Sealed: at.Add(time.Duration(i) * time.Second),
			Confirmed: at.Add(time.Duration(i) * time.Minute)})
	}
	showQueue(t, s, fs)
	if n := len(s.queue.view.rows); n != 2500+confirmedPage {
		t.Errorf("%d rows listed, want the 2500 queued and %d confirmed", n, confirmedPage)
	}
	if n := len(s.queue.byObject); n == 0 || n > 60 {
		t.Errorf("%d row widgets for 5,000 entries, want only the visible ones", n)
	}
	if fs.reads == 0 || fs.reads > 60 {
		t.Errorf("%d entries read in full, want only the visible rows'", fs.reads)
	}
	if !s.queue.more.Visible() || !strings.Contains(s.queue.more.Text, "50 of 2500") {
		t.Errorf("the confirmed page button says %q", s.queue.more.Text)
	}
	test.Tap(s.queue.more)
	waitUI(t, s)
	if n := len(s.queue.view.rows); n != 2500+2*confirmedPage {
		t.Errorf("after Show more: %d rows", n)
	}
	for i := range 1000 {
		s.SyncEvent(ksync.Event{Kind: ksync.EventProgress, Enrolment: fs.entries[1].ID, Step: "video", Sent: int64(i), Total: 1000})
	}
	if b := s.queue.events.take(); len(b.progress) != 1 || b.reload {
		t.Errorf("1,000 progress events of one upload gathered as %d, want 1", len(b.progress))
	}
}

func TestKioskClose(t *testing.T) {
	s, fs, _, _ := newTestShell(t)
	if !s.MayClose() {
		t.Fatal("outside kiosk mode the window may not be closed")
	}
	s.deps.Kiosk = true
	if s.MayClose() {
		t.Fatal("the window may be closed before an operator logs in")
	}
	logIn(t, s)
	if !s.MayClose() {
		t.Fatal("a logged-in operator may not close the window")
	}
	s.wizard.Draft().Applicant.GivenName = "Ana"
	s.Stopping()
	if _, ok := fs.drafts[wizard.DraftFor("ana")]; !ok {
		t.Fatal("stopping the app did not save the draft")
	}
}

func TestSyncErrorShown(t *testing.T) {
	test.NewTempApp(t)
	s := NewShell(Deps{Config: config.Default(), DataDir: t.TempDir(), Store: newFakeStore(),
		SyncErr: errors.New("no backend URL for profile people"), Terms: wizard.Terms{Version: "T", Text: "t"}})
	if !strings.Contains(s.queue.errText.Text, "no backend URL") || !s.enrol.compact.Visible() {
		t.Fatalf("the worker's configuration error is not shown: %q", s.queue.errText.Text)
	}
	s.queue.apply(queueView{}, 0)
	if !strings.Contains(s.queue.errText.Text, "no backend URL") {
		t.Fatal("a reload hid the worker's configuration error")
	}
}

// waitDraft reports whether the draft name is saved within timeout (the wizard saves off
// the UI goroutine).
func (f *fakeStore) waitDraft(name string, timeout time.Duration) bool {
	for deadline := time.Now().Add(timeout); ; time.Sleep(5 * time.Millisecond) {
		f.mu.Lock()
		_, ok := f.drafts[name]
		f.mu.Unlock()
		if ok || time.Now().After(deadline) {
			return ok
		}
	}
}

// TestLoginHasTheFocus: at start and after a lock the cursor is in the user field, so the
// operator types at once.
func TestLoginHasTheFocus(t *testing.T) {
	s, _, _, w := newTestShell(t)
	s.Focus()
	if w.Canvas().Focused() == nil {
		t.Fatal("no field has the focus on the login screen at start")
	}
	logIn(t, s)
	w.Canvas().Unfocus()
	s.Lock()
	if w.Canvas().Focused() == nil {
		t.Fatal("no field has the focus on the login screen after a lock")
	}
}

// fakeLockdown is a hand-written Lockdown counting its calls.
type fakeLockdown struct{ holds, releases int }

func (f *fakeLockdown) Hold()    { f.holds++ }
func (f *fakeLockdown) Release() { f.releases++ }

// The signer's screen is held (full screen, grabs) while it is up, and let go after.
func TestSignerScreenIsHeld(t *testing.T) {
	s, _, _, _ := newTestShell(t)
	ld := &fakeLockdown{}
	s.deps.Lockdown = ld
	logIn(t, s)
	restore := s.present(widget.NewLabel("pad"))
	if ld.holds != 1 || ld.releases != 0 || s.frame.Visible() {
		t.Fatalf("signer's screen up: %+v, frame visible %v", ld, s.frame.Visible())
	}
	restore()
	if ld.releases != 1 || !s.frame.Visible() {
		t.Fatalf("signer's screen closed: %+v", ld)
	}
}
