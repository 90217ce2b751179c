package wizard

import (
	"context"
	"io"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/enrolkiosk/enrolkiosk/capture/document"
	"github.com/enrolkiosk/enrolkiosk/capture/signature"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/biodata"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/stu"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/stu/stutest"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/svctest"
	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/ui/signaturepad"
)

// bioStore is the fake store that also keeps the sealed biometric data.
type bioStore struct {
	*fakeStore
	bio chan []byte
}

func (s *bioStore) Seal(ctx context.Context, e store.Enrolment, ev []store.EvidenceInput) (store.Enrolment, error) {
	for i, in := range ev {
		if in.Kind != store.BiometricData {
			continue
		}
		b, err := io.ReadAll(in.Data)
		if err != nil {
			return store.Enrolment{}, err
		}
		s.bio <- b
		ev[i] = store.Bytes(in.Kind, in.ContentType, b)
	}
	return s.fakeStore.Seal(ctx, e, ev)
}

// stuReports is an SVC2004 signature as an STU-540 sends it: 0x34 reports at 200 Hz.
func stuReports(t *testing.T, name string) [][]byte {
	sig := svctest.Load(t, name)
	d := sig.Device
	var out [][]byte
	for i, s := range sig.Samples {
		p := stu.Pen{Proximity: true, HasTime: true, TimeCount: uint16(i * 5), Sequence: uint16(i),
			X: uint16(int64(s.X-d.XMin) * 10800 / int64(d.Width())), Y: uint16(int64(s.Y-d.YMin) * 6480 / int64(d.Height()))}
		if s.Contact {
			p.Switch, p.Pressure = 1, uint16(min(max(s.Pressure, 1), 1023))
		}
		out = append(out, stu.AppendPen(nil, p))
	}
	return out
}

// countedPad is an STU pad whose samples are counted once the signer's pad has taken
// them (the test driver runs fyne.Do inline, on the source's goroutine).
type countedPad struct {
	*stu.Pad
	n *atomic.Int64
}

func (p countedPad) Stream(ctx context.Context, emit func(signature.Sample)) error {
	return p.Pad.Stream(ctx, func(s signature.Sample) { emit(s); p.n.Add(1) })
}

// waitFor polls cond until it holds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// uploads counts the images sent to a fake pad.
func uploads(f *stutest.Fake) int {
	n := 0
	for _, b := range f.Features() {
		if b[0] == stu.ReportImageEnd {
			n++
		}
	}
	return n
}

// TestSignerWithSTU drives the signer's step with a fake STU-540: the prompt appears on
// the pad, the strokes arrive and are mirrored, Undo and Clear redraw the pad's screen,
// the pad is unplugged mid-signature (the strokes are kept) and plugged back for Retry,
// and Accept seals a signature whose evidence records the pad's model and rate.
func TestSignerWithSTU(t *testing.T) {
	w, fs, _ := newTestWizard(t, "oneshot")
	bs := &bioStore{fakeStore: fs, bio: make(chan []byte, 1)}
	w.opts.Store = bs
	sealed := make(chan store.Enrolment, 1)
	w.opts.OnSealed = func(e store.Enrolment) { sealed <- e }
	pad := stutest.STU540()
	var taken atomic.Int64
	w.opts.PenSource = func(ctx context.Context) (signaturepad.Source, error) {
		p, err := stu.New(ctx, pad, "/dev/hidraw2", 0xa7, "")
		if err != nil {
			return nil, err
		}
		return countedPad{Pad: p, n: &taken}, nil
	}

	jpg := testJPEG(t)
	fillApplicant(w.steps[0].(*applicantStep))
	w.Next()
	w.steps[1].(*documentStep).setResult(document.Result{JPEG: jpg, OK: true}, nil)
	w.Next()
	w.steps[2].(*documentStep).setResult(document.Result{JPEG: jpg, OK: true}, nil)
	w.Next()
	w.steps[3].(*selfieStep).setStill(jpg, nil)
	w.steps[3].(*selfieStep).setVideo(testVideo(2000), nil)
	w.Next()
	w.steps[4].(*termsStep).accept.SetChecked(true)
	w.Next()
	step := w.steps[5].(*signatureStep)
	step.open()
	v := step.signer
	stopped := make(chan struct{})
	v.stopped = func() { close(stopped) }

	// The prompt reaches the pad: the statement and the customer's name, ink on.
	for pad.Last(stu.ReportInkingMode) == nil || pad.Last(stu.ReportInkingMode)[1] != 1 {
		time.Sleep(time.Millisecond)
	}
	scr, err := stu.RenderPrompt(stu.Prompt{Statement: v.statement.Text, Name: "Ana María Pérez"}, 800, 480)
	if err != nil {
		t.Fatal(err)
	}
	bare := stu.EncodeBGR24(scr.Image)
	if enc, img, ok := pad.LastImage(); !ok || enc != stu.Encoding24BitBGR || string(img) != string(bare) {
		t.Fatal("the pad does not show the customer's prompt")
	}
	if !strings.Contains(v.statement.Text, "Ana María Pérez") {
		t.Fatalf("statement %q", v.statement.Text)
	}

	// A first attempt, undone and cleared: the pad's screen follows.
	reports := stuReports(t, "Task2/U5S25.TXT")
	pad.Send(reports[:30]...)
	waitFor(t, "the first strokes", func() bool { return taken.Load() == 30 })
	n := uploads(pad)
	fyne.DoAndWait(func() { v.pad.Undo(); v.syncScreen() })
	for uploads(pad) == n {
		time.Sleep(time.Millisecond)
	}
	fyne.DoAndWait(func() { v.pad.Clear(); v.syncScreen() })
	waitFor(t, "the pad's screen cleared", func() bool {
		_, img, _ := pad.LastImage()
		return uploads(pad) >= n+1 && string(img) == string(bare)
	})
	taken.Store(0)

	// The signature, with the pad unplugged half-way.
	half := len(reports) / 2
	pad.Send(reports[:half]...)
	waitFor(t, "half the signature", func() bool { return taken.Load() == int64(half) })
	pad.Unplug()
	<-stopped
	if !strings.Contains(v.errText.Text, "disconnected") || len(v.pad.Samples()) != half {
		t.Fatalf("after unplugging: %q, %d samples kept of %d", v.errText.Text, len(v.pad.Samples()), half)
	}

	// Plugged back: Retry puts the kept strokes back on the pad and the rest arrives.
	pad = stutest.STU540()
	fyne.DoAndWait(func() { v.retry.OnTapped() })
	waitFor(t, "the kept strokes on the pad", func() bool {
		_, img, ok := pad.LastImage()
		return ok && string(img) != string(bare)
	})
	if v.retry.Visible() || v.errText.Text != "" {
		t.Fatalf("after Retry: retry visible %v, %q", v.retry.Visible(), v.errText.Text)
	}
	rest := stuReports(t, "Task2/U5S25.TXT")[half:]
	pad.Send(rest...)
	waitFor(t, "the rest of the signature", func() bool { return taken.Load() == int64(len(reports)) })
	var sig signature.Signature
	fyne.DoAndWait(func() { sig = v.pad.Signature() })
	for i := 1; i < len(sig.Samples); i++ {
		if sig.Samples[i].T < sig.Samples[i-1].T {
			t.Fatalf("time goes back at sample %d", i)
		}
	}
	fyne.DoAndWait(v.accept)
	if !w.HandingBack() {
		t.Fatal("Accept did not show the hand-back screen")
	}
	fyne.DoAndWait(w.steps[5].(*signatureStep).back.tryUnlock)
	if w.Signing() || w.StepIndex() != 6 {
		t.Fatalf("Accept left step %d: %q", w.StepIndex(), v.errText.Text)
	}
	check := w.steps[6].(*checklistStep)
	check.seen.SetChecked(true)
	check.face.SetChecked(true)
	check.valid.SetChecked(true)
	w.Next()
	w.Next() // seal from the review
	<-sealed
	env, err := biodata.Parse(<-bs.bio)
	if err != nil {
		t.Fatal(err)
	}
	d := env.Device
	if d.Kind != signature.KindPad || d.Name != "Wacom STU-540" || d.SampleRate != 200 || d.PressureMax != 1023 || d.Resolution != 100 {
		t.Fatalf("the evidence records the device %+v", d)
	}
	if got := env.Record.Samples; len(got) != len(sig.Samples) {
		t.Fatalf("%d samples sealed, %d signed", len(got), len(sig.Samples))
	}
	// The signer's screen closed: the pad was released.
	for !pad.Closed() {
		time.Sleep(time.Millisecond)
	}
}

// TestSignerSTUMissing: with the pad absent the operator is told, and the customer signs
// with the pointer.
func TestSignerSTUMissing(t *testing.T) {
	w, _, _ := newTestWizard(t, "oneshot")
	w.opts.PenSource = func(context.Context) (signaturepad.Source, error) { return nil, stu.ErrNoPad }
	fillApplicant(w.steps[0].(*applicantStep))
	w.Next()
	w.goTo(5)
	step := w.steps[5].(*signatureStep)
	step.open()
	if !strings.Contains(step.signer.errText.Text, "not available") || step.signer.retry.Visible() {
		t.Fatalf("%q", step.signer.errText.Text)
	}
	sign(step.signer)
	if len(step.signer.pad.Samples()) == 0 {
		t.Fatal("the pointer does not sign when the pad is absent")
	}
}
