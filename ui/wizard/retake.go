package wizard

import (
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// RetakeRequest says which ID image of a rejected enrolment is retaken, and for whom.
type RetakeRequest struct {
	// ShortID names the enrolment as the queue screen shows it.
	ShortID string
	// Kind is store.DocumentFront or store.DocumentRear.
	Kind store.EvidenceKind
	// Applicant is the enrolment's applicant data: the name the customer signs.
	Applicant store.Applicant
	// TermsVersion is the version of the terms the customer accepted.
	TermsVersion string
}

// RetakeResult is the new picture and the customer's new signature.
type RetakeResult struct {
	Kind      store.EvidenceKind
	JPEG      []byte
	Signature signature.Signature
	// SignedAt is when the customer accepted the new signature.
	SignedAt time.Time
}

// Retake retakes one side of a rejected enrolment's ID document from the queue screen
// with the wizard's own capture step (camera or file, the operator's crop, the quality
// checks). The customer's signature is bound to the ID images (biodata.Binding), so the
// customer then signs again on the wizard's signer screen, with the same rules as in the
// wizard: only Accept or the operator's password leaves the pad, and after Accept the
// hand-back screen keeps the app out of reach until the operator's password. Retake seals
// nothing: its done function gets the picture and the signature, and the caller seals the
// amendment.
type Retake struct {
	w       *Wizard
	req     RetakeRequest
	step    *documentStep
	signer  *signerView
	back    *handbackView
	restore func() // puts the window back after the hand-back screen
	sig     *signature.Signature
	signed  time.Time
	next    *widget.Button
	object  fyne.CanvasObject
	done    func(RetakeResult)
	cancel  func()

	// Ready, when set, runs on the UI goroutine after each picture the capture step
	// proposed for cropping or processed (tests of the queue screen wait on it).
	Ready func()
}

// NewRetake builds the retake of req with the wizard's options (camera, preview,
// document processing, window, Present, pen source and Unlock); done runs on the UI
// goroutine once the customer signed and the operator took the screen back, cancel when
// the operator gives up. The machine readable zone is not read again.
func NewRetake(opts Options, req RetakeRequest, done func(RetakeResult), cancel func()) (*Retake, error) {
	if req.Kind != store.DocumentFront && req.Kind != store.DocumentRear {
		return nil, fmt.Errorf("only the ID document's front or rear can be retaken, not %s", req.Kind)
	}
	opts.MRZ = nil
	w := &Wizard{opts: opts, errText: widget.NewLabel("")}
	w.errText.Wrapping = fyne.TextWrapWord
	w.errText.Importance = widget.DangerImportance
	w.draft = &Draft{ID: "retake", Applicant: req.Applicant, Acceptance: store.Acceptance{TermsVersion: req.TermsVersion}}
	r := &Retake{w: w, req: req, done: done, cancel: cancel}
	side := lang.L("ID document front")
	if req.Kind == store.DocumentRear {
		side = lang.L("ID document rear")
	}
	r.step = newDocumentStep(w, side, req.Kind)
	ready := func() {
		if r.Ready != nil {
			r.Ready()
		}
	}
	r.step.proposed, r.step.resultDone = ready, ready
	title := widget.NewLabelWithStyle(lang.L("Retake the {{.Side}} of {{.ID}}", map[string]any{"Side": side, "ID": req.ShortID}),
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	note := widget.NewLabel(lang.L("The customer's signature is bound to the ID images: after the new picture, the customer signs again on the pad. Have the customer with you."))
	note.Wrapping = fyne.TextWrapWord
	back := widget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), r.Cancel)
	r.next = widget.NewButtonWithIcon(lang.L("Next: the customer signs again"), theme.NavigateNextIcon(), r.toSigner)
	r.next.Importance = widget.HighImportance
	r.next.IconPlacement = widget.ButtonIconTrailingText
	nav := container.NewBorder(nil, nil, back, r.next, w.errText)
	w.root = container.NewStack(container.NewBorder(container.NewVBox(title, note), nav, nil, nil, r.step.object()))
	r.object = w.root
	r.step.show(w.draft)
	return r, nil
}

// Object is the retake's screen.
func (r *Retake) Object() fyne.CanvasObject { return r.object }

// CustomerHasScreen reports whether the customer has the screen: the pad, or the
// hand-back screen before the operator's password.
func (r *Retake) CustomerHasScreen() bool {
	return r.restore != nil || (r.signer != nil && r.signer.restore != nil)
}

// errNoNewPicture is shown when the operator asks for the signature before a new picture.
var errNoNewPicture = errors.New("Take or import the new picture first")

// toSigner checks the new picture as the wizard's step does and hands the pad to the
// customer.
func (r *Retake) toSigner() {
	r.w.touch()
	if r.CustomerHasScreen() {
		return
	}
	r.step.keep(r.w.draft)
	if len(r.step.jpeg) == 0 {
		r.w.errText.SetText(lang.L(errNoNewPicture.Error()))
		return
	}
	if err := r.step.check(r.w.draft); err != nil {
		r.w.errText.SetText(err.Error())
		return
	}
	r.w.errText.SetText("")
	r.step.leave()
	if r.signer == nil {
		r.signer = newSignerView(r.w, r.accepted, r.signerLeft)
	}
	r.signer.reset(r.w.draft)
	r.signer.restore = r.present(r.signer.object)
	r.signer.attach(false)
}

// present shows obj through Options.Present, or over the retake screen.
func (r *Retake) present(obj fyne.CanvasObject) func() {
	if r.w.opts.Present != nil {
		return r.w.opts.Present(obj)
	}
	r.w.root.Add(obj)
	return func() { r.w.root.Remove(obj) }
}

// closeSigner takes the pad off the screen and clears it.
func (r *Retake) closeSigner() {
	if r.signer == nil || r.signer.restore == nil {
		return
	}
	r.signer.detach()
	r.signer.restore()
	r.signer.restore = nil
	r.signer.pad.Clear()
}

// accepted keeps the customer's signature and shows the hand-back screen.
func (r *Retake) accepted(sig signature.Signature) {
	r.sig, r.signed = &sig, r.w.opts.now()
	r.closeSigner()
	if r.back == nil {
		r.back = newHandbackView(r.w, r.handedBack)
	}
	r.back.reset()
	r.restore = r.present(r.back.object)
	if c := r.w.canvas(); c != nil {
		c.Unfocus() // the customer still holds the screen: no key of theirs goes in the password
	}
}

// signerLeft is the operator's password on the pad before the customer accepted: no
// signature, so nothing can be sealed.
func (r *Retake) signerLeft() {
	r.closeSigner()
	r.w.errText.SetText(lang.L("The customer did not sign: nothing is sealed. Hand the pad over again, or cancel."))
}

// handedBack gives the operator the app again and hands over the result.
func (r *Retake) handedBack() {
	r.restore()
	r.restore = nil
	res := RetakeResult{Kind: r.req.Kind, JPEG: r.step.jpeg, Signature: *r.sig, SignedAt: r.signed}
	r.forget()
	if r.done != nil {
		r.done(res)
	}
}

// Cancel ends the retake without a result.
func (r *Retake) Cancel() {
	r.Close()
	if r.cancel != nil {
		r.cancel()
	}
}

// Close takes the retake off the screen without a result (the inactivity lock, a
// cancel): the pad, the hand-back screen and the camera are closed, and the picture and
// the signature are dropped.
func (r *Retake) Close() {
	r.closeSigner()
	if r.restore != nil {
		r.restore()
		r.restore = nil
	}
	r.forget()
}

// forget drops the picture and the signature and stops the camera.
func (r *Retake) forget() {
	r.step.leave()
	r.step.jpeg, r.sig = nil, nil
	r.w.draft.Front, r.w.draft.Rear, r.w.draft.Signature = nil, nil, nil
}
