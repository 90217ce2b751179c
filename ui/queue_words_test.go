package ui

import (
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/store"
)

// queueShell is a test shell logged in on the queue screen, its dialogs hosted by w.
func queueShell(t *testing.T) (*Shell, *fakeStore, *fakeSync, fyne.Window) {
	t.Helper()
	s, fs, sy, w := newTestShell(t)
	s.deps.Window, s.queue.deps.Window = w, w
	logIn(t, s)
	s.tabs.SelectIndex(tabQueue)
	return s, fs, sy, w
}

// overlayText is every label's text in the window's top overlay (an open dialog).
func overlayText(w fyne.Window) string {
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	var b strings.Builder
	walkObjects(top, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			b.WriteString(l.Text + "\n")
		}
	})
	return b.String()
}

// overlayForm is the items of the form in the window's top overlay, by name.
func overlayForm(w fyne.Window) map[string]string {
	out := map[string]string{}
	if top := w.Canvas().Overlays().Top(); top != nil {
		walkObjects(top, func(o fyne.CanvasObject) {
			if f, ok := o.(*widget.Form); ok {
				for _, it := range f.Items {
					if l, ok := it.Widget.(*widget.Label); ok {
						out[it.Text] = l.Text
					}
				}
			}
		})
	}
	return out
}

// TestQueueRowsInPlainWords: each row says its state in plain words with its colour and
// no technical text; the technical message, the step, the attempts and what was sent
// open behind the row's Details link.
func TestQueueRowsInPlainWords(t *testing.T) {
	s, fs, _, w := queueShell(t)
	fs.entries = queueEntries()
	fs.entries[1].Attempts, fs.entries[1].LastError = 1, "POST /api/v1/videoid/4/evidences/video: HTTP 503: maintenance"
	fs.entries[1].NextAttempt = time.Now().Add(time.Hour)
	showQueue(t, s, fs)
	for id, want := range map[string]struct {
		label string
		imp   widget.Importance
	}{
		"aaaaaaaa-1": {"Refused by the backend: needs you", widget.DangerImportance},
		"bbbbbbbb-2": {"Not delivered — retrying at ", widget.WarningImportance},
		"cccccccc-3": {"Not delivered — retrying at 2026-11-22 09:31", widget.WarningImportance},
		"dddddddd-4": {"On hold", widget.WarningImportance},
		"eeeeeeee-5": {"Delivered and confirmed", widget.SuccessImportance},
		"ffffffff-6": {"Needs reconciliation", widget.DangerImportance},
	} {
		r := s.queue.rows[id]
		if r == nil {
			t.Fatalf("%s is not bound", id)
		}
		if !strings.HasPrefix(r.state.Text, want.label) || r.state.Importance != want.imp {
			t.Errorf("%s says %q (importance %v), want %q (%v)", id, r.state.Text, r.state.Importance, want.label, want.imp)
		}
		for _, raw := range []string{"HTTP", "POST", "backend unavailable", "not a readable image"} {
			if strings.Contains(r.state.Text+r.detail.Text, raw) {
				t.Errorf("%s shows technical text %q inline: %q / %q", id, raw, r.state.Text, r.detail.Text)
			}
		}
		if !r.details.Visible() {
			t.Errorf("%s has no Details link", id)
		}
	}

	test.Tap(s.queue.rows["bbbbbbbb-2"].details)
	s.queue.busy.Wait()
	if got := overlayText(w); !strings.Contains(got, "Details of bbbbbbbb") || !strings.Contains(got, "The backend had a problem on its side.") {
		t.Errorf("Details of a failing upload:\n%s", got)
	}
	form := overlayForm(w)
	for name, want := range map[string]string{"Message": "POST /api/v1/videoid/4/evidences/video: HTTP 503: maintenance", "Step": "3: video", "Attempts": "1"} {
		if form[name] != want {
			t.Errorf("Details of a failing upload: %s is %q, want %q (%v)", name, form[name], want, form)
		}
	}
	s.queue.clear()
	test.Tap(s.queue.rows["ffffffff-6"].details)
	s.queue.busy.Wait()
	if got := overlayForm(w)["What was sent"]; got != "POST /api/v1/videoid · 2026-11-22 09:31:02" {
		t.Errorf("Details of the entry to reconcile says %q was sent, want what and when", got)
	}
	s.queue.clear()
	test.Tap(s.queue.rows["aaaaaaaa-1"].details)
	s.queue.busy.Wait()
	if f := overlayForm(w); f["Message"] != "document_front is not a readable image" || f["Step"] != "2: evidences" {
		t.Errorf("Details of the rejected one lack the backend's reason and the step: %v", f)
	}
	s.queue.clear()
	if w.Canvas().Overlays().Top() != nil {
		t.Error("the details stay open after the lock's clear")
	}
}

// TestQueueNewestFirstWithinGroups: within each attention group the newest enrolment is
// listed first; the groups keep their order (rejected, to reconcile, paused, sending,
// queued, then the confirmed, newest confirmation first).
func TestQueueNewestFirstWithinGroups(t *testing.T) {
	s, fs, _, _ := queueShell(t)
	at := time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)
	e := func(id string, st store.State, age time.Duration) store.Entry {
		return store.Entry{ID: id, State: st, Sealed: at.Add(-age), Confirmed: at.Add(-age)}
	}
	fs.entries = []store.Entry{
		e("q-old", store.Queued, 3*time.Hour), e("r-old", store.Rejected, 2*time.Hour), e("q-new", store.Queued, 0),
		e("c-old", store.Confirmed, 5*time.Hour), e("h-new", store.Held, time.Minute), e("r-new", store.Rejected, time.Minute),
		e("s-old", store.Sending, 4*time.Hour), e("c-new", store.Confirmed, time.Hour), e("x-new", store.Reconcile, 0),
		e("h-old", store.Held, 9*time.Hour), e("s-new", store.Sending, time.Second),
	}
	showQueue(t, s, fs)
	var order []string
	for _, m := range s.queue.view.rows {
		order = append(order, m.ID)
	}
	want := "r-new r-old x-new h-new h-old s-new s-old q-new q-old c-new c-old"
	if got := strings.Join(order, " "); got != want {
		t.Errorf("order\n %s\nwant\n %s", got, want)
	}
	// The first row drawn is the newest that needs the operator.
	if r := s.queue.rows["r-new"]; r == nil || s.queue.byObject[r.object] == nil {
		t.Error("the newest rejected enrolment is not drawn at the top")
	}
}

// TestQueueFeedbackOnEveryAction: Retry, Reconcile and Amend each confirm what they did,
// and a failed one says why in the error colour (the next reload does not wipe it).
func TestQueueFeedbackOnEveryAction(t *testing.T) {
	s, fs, sy, w := queueShell(t)
	fs.entries = queueEntries()
	fs.records = map[string]store.Enrolment{"aaaaaaaa-1": {ID: "aaaaaaaa-1", Profile: "oneshot", Applicant: store.Applicant{
		GivenName: "Ana", Surname1: "García", IDDocumentType: "IDC", IDDocumentCountry: "ES", SerialNumber: "12345678Z",
		MobilePhoneNumber: "+34600000000"}}}
	showQueue(t, s, fs)

	// Reconcile: attach the backend's request through the dialog.
	test.Tap(s.queue.rows["ffffffff-6"].reconcile)
	top := w.Canvas().Overlays().Top()
	var pk *widget.Entry
	walkObjects(top, func(o fyne.CanvasObject) {
		if e, ok := o.(*widget.Entry); ok {
			pk = e
		}
	})
	test.Type(pk, "45836")
	test.Tap(findButtonIn(t, top, "Attach"))
	if a := <-fs.actions; a != "reconcile ffffffff-6 request_pk=45836 by operator ana" {
		t.Errorf("Reconcile did %q", a)
	}
	s.queue.busy.Wait()
	waitUntil(t, func() bool { return s.queue.notice.Text == "ffffffff is reconciled: sending goes on." }, "the Reconcile feedback")
	if s.queue.notice.Importance != widget.SuccessImportance || !s.queue.notice.Visible() || !sy.now {
		t.Errorf("Reconcile: importance %v, worker woken %v", s.queue.notice.Importance, sy.now)
	}

	// Amend: a corrected e-mail, sealed through the dialog.
	waitUI(t, s)
	test.Tap(s.queue.rows["aaaaaaaa-1"].amend)
	s.queue.busy.Wait()
	top = w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("Amend opened no form")
	}
	var email *widget.Entry
	walkObjects(top, func(o fyne.CanvasObject) {
		if f, ok := o.(*widget.Form); ok {
			for _, it := range f.Items {
				if it.Text == "email" {
					email = it.Widget.(*widget.Entry)
				}
			}
		}
	})
	test.Type(email, "ana@example.com")
	test.Tap(findButtonIn(t, top, "Seal the correction"))
	if a := <-fs.actions; a != "amend aaaaaaaa-1 email=ana@example.com by operator ana" {
		t.Errorf("Amend did %q", a)
	}
	s.queue.busy.Wait()
	waitUntil(t, func() bool { return strings.HasPrefix(s.queue.notice.Text, "aaaaaaaa is corrected") }, "the Amend feedback")

	// A failure says why, in the error colour, and stays after the reload it causes.
	fs.mu.Lock()
	fs.fail = errors.New("the disk is full")
	fs.mu.Unlock()
	test.Tap(s.queue.rows["aaaaaaaa-1"].retry)
	s.queue.busy.Wait()
	waitUI(t, s)
	if got := s.queue.notice.Text; got != "aaaaaaaa was not sent again: the disk is full" || s.queue.notice.Importance != widget.DangerImportance {
		t.Errorf("a failed Retry says %q (importance %v)", got, s.queue.notice.Importance)
	}
}
