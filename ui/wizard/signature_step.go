package wizard

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/biodata"
	"github.com/enrolkiosk/enrolkiosk/enrol"
)

// errNoSignature is shown when Next is pressed before the customer signed.
var errNoSignature = enrol.ErrNoSignature

// signatureStep hands the screen to the customer, who signs on a full-screen pad.
type signatureStep struct {
	w       *Wizard
	sig     *signature.Signature
	image   *canvas.Image
	content fyne.CanvasObject
	signer  *signerView // made once and reused, so no pad's raster is left behind
	active  bool        // the customer has the screen
	back    *handbackView
	restore func() // puts the window back after the hand-back screen
}

func newSignatureStep(w *Wizard) *signatureStep {
	s := &signatureStep{w: w, image: thumbnail(nil, fyne.NewSize(400, 150))}
	open := widget.NewButtonWithIcon(lang.L("Open the signature pad"), theme.DocumentCreateIcon(), s.open)
	open.Importance = widget.HighImportance
	s.content = container.NewBorder(
		widget.NewLabel(lang.L("Turn the screen or the pen tablet to the customer, then open the pad. Only the customer's Accept or your password closes it.")),
		container.NewHBox(open), nil, nil, s.image)
	return s
}

func (s *signatureStep) title() string             { return lang.L("Signature") }
func (s *signatureStep) object() fyne.CanvasObject { return s.content }

func (s *signatureStep) show(d *Draft) {
	s.sig = d.Signature
	var png []byte
	if s.sig != nil {
		png, _ = biodata.SignatureImage(*s.sig, biodata.DefaultImageOptions())
	}
	setThumbnail(s.image, png)
}

func (s *signatureStep) keep(d *Draft) { d.Signature = s.sig }

func (s *signatureStep) check(d *Draft) error {
	if d.Signature == nil {
		return errors.New(lang.L(errNoSignature.Error()))
	}
	return nil
}

// open gives the screen to the signer.
func (s *signatureStep) open() {
	if s.active {
		return
	}
	if s.signer == nil {
		s.signer = newSignerView(s.w, s.accepted, s.close)
	}
	s.active = true
	s.signer.reset(s.w.draft)
	s.signer.restore = s.present(s.signer.object)
	s.signer.attach(false)
}

// present shows obj through Options.Present, or over the wizard.
func (s *signatureStep) present(obj fyne.CanvasObject) func() {
	if s.w.opts.Present != nil {
		return s.w.opts.Present(obj)
	}
	s.w.root.Add(obj)
	return func() { s.w.root.Remove(obj) }
}

// accepted takes the customer's signature and shows the hand-back screen: the operator's
// checklist comes only after their password (handedBack).
func (s *signatureStep) accepted(sig signature.Signature) {
	s.sig = &sig
	s.w.draft.Signature = s.sig
	s.handBack()
}

// handedBack gives the operator the wizard again, on the checklist.
func (s *signatureStep) handedBack() {
	s.close()
	s.show(s.w.draft)
	s.w.Next()
}

func (s *signatureStep) close() {
	if !s.active {
		return
	}
	s.active = false
	if s.restore != nil {
		s.restore()
		s.restore = nil
		return
	}
	s.closeSigner()
}

// closeSigner takes the pad off the screen and clears it: the samples live in the draft only.
func (s *signatureStep) closeSigner() {
	s.signer.detach()
	s.signer.restore()
	s.signer.pad.Clear()
}

// Signing reports whether the signer's screen is up (the inactivity lock leaves it alone
// only if the operator unlocks).
func (w *Wizard) Signing() bool {
	if st, ok := w.steps[5].(*signatureStep); ok {
		return st.active
	}
	return false
}

// unlockCtx bounds a password check.
func unlockCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), saveTimeout)
}

// leave takes the screen back from the signer (a lock or a restart of the wizard).
func (s *signatureStep) leave() { s.close() }
