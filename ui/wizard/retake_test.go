package wizard

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/enrolkiosk/enrolkiosk/capture/document"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// stillCamera is a Camera whose stills are one picture.
type stillCamera struct{ img image.Image }

func (c stillCamera) Still(context.Context) (image.Image, error) { return c.img, nil }
func (c stillCamera) Record(context.Context, func(elapsed, total time.Duration)) ([]byte, error) {
	return nil, nil
}

// newTestRetake builds a retake of the front in a test window, presenting the pad and
// the hand-back screen alone in the window as the shell does; the operator's password is
// "op-secret".
func newTestRetake(t *testing.T) (*Retake, fyne.Window, *[]RetakeResult, *int) {
	t.Helper()
	newSerialApp(t)
	scan, _ := tiltedScan(t)
	img, err := png.Decode(bytes.NewReader(scan))
	if err != nil {
		t.Fatal(err)
	}
	win := test.NewTempWindow(t, nil)
	win.Resize(fyne.NewSize(1000, 720))
	var results []RetakeResult
	cancels := 0
	var r *Retake
	c := &clock{t: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)}
	opts := Options{Camera: stillCamera{img}, Document: document.DefaultOptions(), Window: win, Now: c.now,
		Unlock: func(_ context.Context, pw string) error {
			if pw != "op-secret" {
				return errWrongPassword
			}
			return nil
		},
		Present: func(obj fyne.CanvasObject) func() {
			win.SetContent(obj)
			return func() { win.SetContent(r.Object()) }
		}}
	r, err = NewRetake(opts, RetakeRequest{ShortID: "aaaaaaaa", Kind: store.DocumentFront, TermsVersion: "T-1",
		Applicant: store.Applicant{GivenName: "Ana", Surname1: "Pérez"}},
		func(res RetakeResult) { results = append(results, res) }, func() { cancels++ })
	if err != nil {
		t.Fatal(err)
	}
	win.SetContent(r.Object())
	return r, win, &results, &cancels
}

// TestRetakeThenTheCustomerSignsAgain: the new front is taken with the wizard's capture
// step (the camera, the operator's crop), then the customer signs on the pad and gets
// the hand-back screen; only the operator's password ends it with the picture and the
// new signature.
func TestRetakeThenTheCustomerSignsAgain(t *testing.T) {
	r, win, results, _ := newTestRetake(t)
	test.Tap(r.next)
	if r.CustomerHasScreen() || r.w.errText.Text != "Take or import the new picture first" {
		t.Fatalf("Next before a picture: customer screen %v, says %q", r.CustomerHasScreen(), r.w.errText.Text)
	}
	s := r.step
	wait(t, &s.proposed, s.takePhoto)
	wait(t, &s.resultDone, s.useCrop)
	if len(s.jpeg) == 0 {
		t.Fatalf("no picture: %q", r.w.errText.Text)
	}
	if !s.ok() {
		s.anyway.SetChecked(true)
	}
	picture := s.jpeg

	test.Tap(r.next)
	if !r.CustomerHasScreen() || win.Content() != r.signer.object {
		t.Fatal("the pad is not alone on the screen")
	}
	if !strings.Contains(r.signer.statement.Text, "Ana Pérez") || !strings.Contains(r.signer.statement.Text, "T-1") {
		t.Errorf("the pad says %q", r.signer.statement.Text)
	}
	sign(r.signer)
	r.signer.accept()
	if r.back == nil {
		t.Fatalf("Accept refused: %q", r.signer.errText.Text)
	}
	if win.Content() != r.back.object || len(*results) != 0 {
		t.Fatal("after Accept: not the hand-back screen, or the result was handed over before the operator's password")
	}
	test.Type(r.back.password, "guess")
	test.Tap(r.back.unlock)
	if win.Content() != r.back.object || len(*results) != 0 {
		t.Fatal("a wrong password left the hand-back screen")
	}
	test.Type(r.back.password, "op-secret")
	test.Tap(r.back.unlock)
	if len(*results) != 1 || r.CustomerHasScreen() || win.Content() != r.Object() {
		t.Fatalf("after the password: %d results, customer screen %v", len(*results), r.CustomerHasScreen())
	}
	res := (*results)[0]
	if res.Kind != store.DocumentFront || !bytes.Equal(res.JPEG, picture) || len(res.Signature.Samples) == 0 || res.SignedAt.IsZero() {
		t.Errorf("result %s, %d bytes (want the new picture), %d samples", res.Kind, len(res.JPEG), len(res.Signature.Samples))
	}
	if len(s.jpeg) != 0 || r.sig != nil {
		t.Error("the picture or the signature stays in the retake after it handed them over")
	}
}

// TestRetakeWithoutASignatureSealsNothing: the operator's password on the pad (the
// customer did not sign) and Cancel hand nothing over.
func TestRetakeWithoutASignatureSealsNothing(t *testing.T) {
	r, win, results, cancels := newTestRetake(t)
	r.step.setResult(document.Result{JPEG: testJPEG(t), OK: true}, nil)
	test.Tap(r.next)
	r.signer.onLeave() // the operator's password on the pad
	if r.CustomerHasScreen() || win.Content() != r.Object() || !strings.Contains(r.w.errText.Text, "did not sign") {
		t.Fatalf("after leaving the pad: customer screen %v, says %q", r.CustomerHasScreen(), r.w.errText.Text)
	}
	test.Tap(r.next) // the picture is still there: the pad again
	if !r.CustomerHasScreen() {
		t.Fatal("the pad did not open again")
	}
	r.Cancel()
	if r.CustomerHasScreen() || win.Content() != r.Object() || len(*results) != 0 || *cancels != 1 || len(r.step.jpeg) != 0 {
		t.Fatalf("after Cancel: customer screen %v, %d results, %d cancels", r.CustomerHasScreen(), len(*results), *cancels)
	}
}
