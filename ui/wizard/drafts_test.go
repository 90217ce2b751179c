package wizard

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/store"
)

// gate blocks the store calls that pass through it until opened, and counts the callers
// that reached it.
type gate struct {
	reached chan struct{}
	open    chan struct{}
}

func newGate() *gate { return &gate{reached: make(chan struct{}, 16), open: make(chan struct{})} }

func (g *gate) pass() error {
	g.reached <- struct{}{}
	<-g.open
	return nil
}

// waitReached waits until a store call is held at the gate.
func (g *gate) waitReached(t *testing.T) {
	t.Helper()
	select {
	case <-g.reached:
	case <-time.After(5 * time.Second):
		t.Fatal("no store call reached the gate")
	}
}

// returns runs fn and fails the test when it does not return within 5 s: fn must not wait
// for the store.
func returns(t *testing.T, what string, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); fn() }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatalf("%s waited for the store on the UI goroutine", what)
	}
}

func TestDraftSavesAreOffTheUIGoroutineAndInOrder(t *testing.T) {
	w, fs, _ := newTestWizard(t, "oneshot")
	g := newGate()
	fs.saveFn = g.pass
	fillApplicant(w.steps[0].(*applicantStep))
	returns(t, "Next", w.Next) // the save of step 2 is held by the store
	g.waitReached(t)
	returns(t, "Back", w.Back) // a save of step 1, then one of step 2: only the newest waits
	returns(t, "Next", w.Next)
	if w.StepIndex() != 1 {
		t.Fatalf("the wizard is on step %d", w.StepIndex())
	}
	close(g.open)
	settle(t, w)
	if d := fs.draft(t); d.Step != 1 || d.Applicant.GivenName != "Ana María" {
		t.Errorf("the store kept step %d (%q): an older draft overwrote a newer one", d.Step, d.Applicant.GivenName)
	}
	if fs.saves != 2 {
		t.Errorf("%d drafts written, want 2 (the one held, then the newest)", fs.saves)
	}
}

func TestSealedDraftIsNotBroughtBackByAnOlderSave(t *testing.T) {
	w, fs, _ := newTestWizard(t, "oneshot")
	sealed := make(chan store.Enrolment, 1)
	w.opts.OnSealed = func(e store.Enrolment) { sealed <- e }
	walk(t, w, testJPEG(t), testVideo(2000))
	settle(t, w)
	g := newGate()
	fs.saveFn = g.pass
	w.Back()
	g.waitReached(t)
	w.Next() // a newer save waits behind the one held
	w.Next() // seal
	<-sealed
	close(g.open)
	settle(t, w)
	if _, ok := fs.drafts[DraftName]; ok {
		t.Fatal("a save asked before the seal brought the sealed draft back")
	}
}

func TestDraftSaveFailureIsShown(t *testing.T) {
	w, fs, _ := newTestWizard(t, "oneshot")
	fs.saveFn = func() error { return store.ErrDiskFull }
	fillApplicant(w.steps[0].(*applicantStep))
	w.Next()
	settle(t, w)
	if w.StepIndex() != 1 || !strings.Contains(w.errText.Text, "The draft could not be saved") ||
		!strings.Contains(w.errText.Text, store.ErrDiskFull.Error()) {
		t.Fatalf("step %d, error %q", w.StepIndex(), w.errText.Text)
	}
}

func TestOfferIsOffTheUIGoroutine(t *testing.T) {
	w, fs, _ := newTestWizard(t, "oneshot")
	b, _ := (&Draft{ID: "5eed0000-0000-4000-8000-000000000003", Step: 2, Operator: "rao-7"}).marshal()
	fs.drafts[DraftFor("rao-7")] = b
	g := newGate()
	fs.loadFn = g.pass
	got := make(chan bool, 1)
	returns(t, "Offer", func() {
		w.Offer(t.Context(), func(offered bool, err error) {
			if err != nil {
				t.Error(err)
			}
			got <- offered
		})
	})
	g.waitReached(t)
	if w.resume.object.Visible() {
		t.Fatal("the draft was offered before the store answered")
	}
	close(g.open)
	if !<-got || !w.resume.object.Visible() {
		t.Fatal("the saved draft was not offered")
	}

	fs.loadFn = func() error { return errors.New("disk unreadable") }
	if offered, err := offer(t, New(w.opts)); offered || err == nil || !strings.Contains(err.Error(), "disk unreadable") {
		t.Fatalf("a failed load: offered %v, err %v", offered, err)
	}
}

func TestBackIsDisabledWhileSealing(t *testing.T) {
	w, fs, _ := newTestWizard(t, "oneshot")
	walk(t, w, testJPEG(t), testVideo(2000))
	g := newGate()
	fs.sealFn = func(store.Enrolment) error { g.pass(); return store.ErrDiskFull }
	done := make(chan struct{})
	w.sealDone = func() { close(done) }
	w.Next()
	g.waitReached(t)
	if !w.back.Disabled() || !w.next.Disabled() {
		t.Fatalf("while sealing: Back disabled %v, Seal disabled %v", w.back.Disabled(), w.next.Disabled())
	}
	w.Back()
	if w.StepIndex() != 7 {
		t.Fatalf("Back moved to step %d while sealing", w.StepIndex())
	}
	close(g.open)
	<-done
	if w.back.Disabled() || w.next.Disabled() {
		t.Fatal("a failed seal left Back or Seal disabled")
	}
	w.Back()
	if w.StepIndex() != 6 {
		t.Fatalf("Back after a failed seal: step %d", w.StepIndex())
	}
}
