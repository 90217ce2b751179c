package ui

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/access"
	"github.com/enrolkiosk/enrolkiosk/capture/democamera"
	"github.com/enrolkiosk/enrolkiosk/capture/signature"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/biodata"
	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/enrol"
	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/store/storetest"
	"github.com/enrolkiosk/enrolkiosk/ui/signaturepad"
	"github.com/enrolkiosk/enrolkiosk/ui/wizard"
)

// sceneCamera is a Camera whose stills are the demo camera's synthetic ID card.
type sceneCamera struct{ img image.Image }

func (c sceneCamera) Still(context.Context) (image.Image, error) { return c.img, nil }
func (c sceneCamera) Record(context.Context, func(elapsed, total time.Duration)) ([]byte, error) {
	return nil, nil
}

// smallJPEG is a small picture standing in for a processed one, shaded by seed.
func smallJPEG(t *testing.T, seed byte) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 40))
	for i := range img.Pix {
		img.Pix[i] = byte(i*7) + seed
	}
	img.Set(1, 1, color.White)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// sealRejected seals a Signal enrolment through enrol.Assemble (its signature bound to its
// images) and has the backend reject it.
func sealRejected(t *testing.T, db *store.DB) store.Enrolment {
	t.Helper()
	ctx := context.Background()
	var sig signature.Signature
	for i := range 60 {
		sig.Samples = append(sig.Samples, signature.Sample{T: uint32(i * 10), X: int32(100 + i*20), Y: int32(300 + (i%7)*25), Pressure: 500, Contact: true, Proximity: true})
	}
	sig.Device = signature.Device{Kind: signature.KindReplay, Name: "test", XMax: 2000, YMax: 1000, HasPressure: true, PressureMax: 1023}
	a, err := enrol.Assemble(ctx, enrol.Pieces{Profile: "signal", Branch: "quito-1", OperatorID: "ana",
		Applicant: store.Applicant{GivenName: "Ana", Surname1: "Pérez", IDDocumentType: "IDC", IDDocumentCountry: "EC",
			SerialNumber: "1710034065", BirthDate: "1990-05-17", Email: "ana@example.com", MobilePhoneNumber: "+593991234567"},
		Acceptance: store.Acceptance{TermsVersion: "T-1", Accepted: time.Now().Add(-time.Hour)},
		Checks:     store.SecurityChecks{OriginalDocumentSeen: true, FaceMatches: true, NotExpired: true},
		Front:      smallJPEG(t, 1), Rear: smallJPEG(t, 2), Owner: smallJPEG(t, 3), Signature: &sig, Terms: []byte("Terms"),
	}, enrol.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e, err := db.Seal(ctx, a.Record, a.Inputs())
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Reject(ctx, e.ID, "HTTP 422: document_front is blurred"); err != nil {
		t.Fatal(err)
	}
	return e
}

// walkShown visits every object below o that is shown (it and every parent visible).
func walkShown(o fyne.CanvasObject, visit func(fyne.CanvasObject)) {
	if o == nil || !o.Visible() {
		return
	}
	visit(o)
	switch c := o.(type) {
	case *fyne.Container:
		for _, child := range c.Objects {
			walkShown(child, visit)
		}
	case fyne.Widget:
		for _, child := range test.WidgetRenderer(c).Objects() {
			walkShown(child, visit)
		}
	}
}

// buttonIn returns the shown button labelled text below o, or nil.
func buttonIn(o fyne.CanvasObject, text string) *widget.Button {
	var b *widget.Button
	walkShown(o, func(x fyne.CanvasObject) {
		if bb, ok := x.(*widget.Button); ok && bb.Text == text {
			b = bb
		}
	})
	return b
}

// signPad draws a signature on the first pad below o, slowly enough to pass its rules.
func signPad(t *testing.T, o fyne.CanvasObject) {
	t.Helper()
	var p *signaturepad.Pad
	walkObjects(o, func(x fyne.CanvasObject) {
		if pp, ok := x.(*signaturepad.Pad); ok {
			p = pp
		}
	})
	if p == nil {
		t.Fatal("no signature pad on screen")
	}
	size := p.Size()
	at := func(i int) fyne.Position {
		return fyne.NewPos(size.Width*(0.2+0.6*float32(i)/60), size.Height*(0.4+0.2*float32(i%9)/9))
	}
	p.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: at(0)}, Button: desktop.MouseButtonPrimary})
	for i := 1; i <= 60; i++ {
		time.Sleep(8 * time.Millisecond)
		prev, cur := at(i-1), at(i)
		p.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: cur}, Dragged: fyne.NewDelta(cur.X-prev.X, cur.Y-prev.Y)})
	}
	p.DragEnd()
	p.MouseUp(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: at(60)}, Button: desktop.MouseButtonPrimary})
}

// TestRetakeAnIDImageFromTheQueueScreen: from a rejected enrolment's Amend, the operator
// retakes the front with the wizard's capture step (the demo camera's card, the crop);
// the customer signs again on the pad, alone on the screen, and hands it back with the
// hand-back screen; only the operator's password brings the queue back, and then a new
// version is sealed: linked to the old one (kept, rejected), with the new front and a
// new signature bound to the new version, both versions in the audit log.
func TestRetakeAnIDImageFromTheQueueScreen(t *testing.T) {
	ctx := context.Background()
	test.NewTempApp(t)
	db := storetest.Open(t)
	old := sealRejected(t, db)
	scene, err := democamera.Scene()
	if err != nil {
		t.Fatal(err)
	}
	svc := access.NewService(ctx, access.Config{Online: fakeOnline{}, Values: db, MaxFailures: 3,
		Params: access.Params{Time: 1, MemoryKiB: 64, Threads: 1}})
	s := NewShell(Deps{Config: config.Default(), DataDir: t.TempDir(), Store: db, Login: svc, Camera: sceneCamera{scene},
		Terms: wizard.Terms{Version: "T-1", Text: "Terms"}})
	w := test.NewTempWindow(t, s.Object())
	w.Resize(fyne.NewSize(1100, 760))
	s.deps.Window, s.queue.deps.Window = w, w
	logIn(t, s)
	s.tabs.SelectIndex(tabQueue)
	s.queue.reload()
	waitUI(t, s)

	row := s.queue.rows[old.ID]
	if row == nil || !row.amend.Visible() {
		t.Fatal("the rejected enrolment offers no Amend")
	}
	test.Tap(row.amend)
	s.queue.busy.Wait()
	form := w.Canvas().Overlays().Top()
	if form == nil || buttonIn(form, "Retake the ID front…") == nil || buttonIn(form, "Retake the ID rear…") == nil {
		t.Fatal("Amend offers no retake of the ID images")
	}
	test.Tap(buttonIn(form, "Retake the ID front…"))
	if s.queue.retake == nil || s.queue.main.Visible() {
		t.Fatal("the retake is not on screen in place of the queue")
	}
	host := s.queue.retakeHost
	ready := make(chan struct{}, 1)
	s.queue.retake.Ready = func() { ready <- struct{}{} }
	waitReady := func(what string) {
		t.Helper()
		select {
		case <-ready:
		case <-time.After(30 * time.Second):
			t.Fatalf("timed out waiting for %s", what)
		}
	}
	test.Tap(buttonIn(host, "Take photo"))
	waitReady("the crop editor")
	test.Tap(buttonIn(host, "Use this crop"))
	waitReady("the processed picture")
	walkShown(host, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok && l.Importance == widget.DangerImportance && l.Text != "" {
			t.Fatalf("the retake says %q", l.Text)
		}
	})
	if buttonIn(host, "Retake") == nil {
		t.Fatal("no picture was taken")
	}
	walkShown(host, func(o fyne.CanvasObject) {
		if c, ok := o.(*widget.Check); ok && c.Text == "Use it anyway" {
			c.SetChecked(true)
		}
	})

	test.Tap(buttonIn(host, "Next: the customer signs again"))
	if !s.CustomerHasScreen() || s.frame.Visible() || s.MayClose() {
		t.Fatalf("the pad is not the customer's alone: customer %v, frame %v", s.CustomerHasScreen(), s.frame.Visible())
	}
	signPad(t, s.layer)
	test.Tap(buttonIn(s.layer, "Accept"))
	if !s.CustomerHasScreen() || s.frame.Visible() {
		t.Fatal("after Accept the queue is back before the operator's password")
	}
	if n := len(db.Index()); n != 1 {
		t.Fatalf("%d enrolments before the operator's password, want nothing sealed yet", n)
	}
	var pw *widget.Entry
	walkObjects(s.layer, func(o fyne.CanvasObject) {
		if e, ok := o.(*widget.Entry); ok && e.Password {
			pw = e
		}
	})
	test.Type(pw, "secret")
	test.Tap(buttonIn(s.layer, "Unlock"))
	if s.CustomerHasScreen() || !s.frame.Visible() || !s.queue.main.Visible() {
		t.Fatal("the operator's password did not bring the queue back")
	}
	s.queue.busy.Wait()
	short := store.ShortID(old.ID)
	if got := s.queue.notice.Text; !strings.HasPrefix(got, short+" is corrected with the new picture") {
		t.Fatalf("after the retake the queue says %q", got)
	}

	oe, err := db.Entry(ctx, old.ID)
	if err != nil || oe.State != store.Rejected || oe.AmendedBy == "" {
		t.Fatalf("old version: %s amended by %q (%v), want kept, rejected and linked", oe.State, oe.AmendedBy, err)
	}
	next, err := db.Get(ctx, oe.AmendedBy)
	if err != nil || next.Amends != old.ID {
		t.Fatalf("new version amends %q (%v)", next.Amends, err)
	}
	read := func(id string, kind store.EvidenceKind) []byte {
		b, err := readEvidence(ctx, db, id, kind, 64<<20)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	newFront, oldFront := read(next.ID, store.DocumentFront), read(old.ID, store.DocumentFront)
	if bytes.Equal(newFront, oldFront) || !bytes.Equal(read(next.ID, store.DocumentRear), read(old.ID, store.DocumentRear)) {
		t.Error("the new version does not have the new front and the old rear")
	}
	env, err := biodata.Parse(read(next.ID, store.BiometricData))
	if err != nil {
		t.Fatal(err)
	}
	rec, _ := store.ApplicantRecord(next.Applicant)
	want := biodata.NewBinding(old.Acceptance.TermsSHA256, next.ID, rec, newFront, read(next.ID, store.DocumentRear))
	if env.Binding == nil || *env.Binding != want {
		t.Errorf("the new signature is bound to %+v, want the new version %+v", env.Binding, want)
	}
	if oldEnv, _ := biodata.Parse(read(old.ID, store.BiometricData)); oldEnv.Binding == nil || oldEnv.Binding.EnrolmentID != old.ID {
		t.Error("the old version's signature was touched")
	}
	var audit []string
	db.Audit(ctx, 1, func(a store.AuditEntry) error {
		if a.Event == store.EventAmended {
			audit = append(audit, store.ShortID(a.Enrolment)+" "+a.Detail)
		}
		return nil
	})
	log := strings.Join(audit, "\n")
	for _, want := range []string{short + " amended by " + store.ShortID(next.ID) + ": evidence document_front, evidence signature_image, evidence biometric_data (by operator ana)",
		store.ShortID(next.ID) + " amends " + short} {
		if !strings.Contains(log, want) {
			t.Errorf("the audit log lacks %q:\n%s", want, log)
		}
	}
}

// TestRetakeIsClosedByTheLock: the inactivity lock takes a retake off the screen (the pad
// included) and seals nothing.
func TestRetakeIsClosedByTheLock(t *testing.T) {
	ctx := context.Background()
	test.NewTempApp(t)
	db := storetest.Open(t)
	old := sealRejected(t, db)
	svc := access.NewService(ctx, access.Config{Online: fakeOnline{}, Values: db, MaxFailures: 3,
		Params: access.Params{Time: 1, MemoryKiB: 64, Threads: 1}})
	s := NewShell(Deps{Config: config.Default(), DataDir: t.TempDir(), Store: db, Login: svc, Terms: wizard.Terms{Version: "T-1", Text: "Terms"}})
	w := test.NewTempWindow(t, s.Object())
	s.deps.Window, s.queue.deps.Window = w, w
	logIn(t, s)
	rec, _ := db.Get(ctx, old.ID)
	s.queue.startRetake(old.ID, rec, rec.Applicant, store.DocumentRear, "operator ana")
	if s.queue.retake == nil {
		t.Fatal("no retake")
	}
	s.Lock()
	if s.queue.retake != nil || !s.queue.main.Visible() || len(s.queue.retakeHost.Objects) != 0 || s.CustomerHasScreen() {
		t.Fatal("the lock left the retake on screen")
	}
	if n := len(db.Index()); n != 1 {
		t.Fatalf("%d enrolments after the lock, want only the old one", n)
	}
	s.wizard.Save() // the lock's draft save, done before the store closes
}
