package wizard

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/enrolkiosk/enrolkiosk/enrol"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// errNoStore is returned when the wizard runs without a store (never in the app).
var errNoStore = errors.New("the local queue is not open: the enrolment cannot be sealed")

// seal hands the draft to the store off the UI goroutine and shows the confirmation.
// Next and Back stay disabled until the seal has succeeded or failed.
func (w *Wizard) seal() {
	if w.sealing {
		return
	}
	w.sealing = true
	w.next.Disable()
	w.back.Disable()
	d := w.draft
	d.Operator = w.draft.Operator
	if w.opts.Operator != nil {
		d.Operator = w.opts.Operator()
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), saveTimeout)
		defer cancel()
		e, err := w.sealDraft(ctx, d)
		fyne.Do(func() { w.sealed(e, err) })
	}()
}

func (w *Wizard) sealed(e store.Enrolment, err error) {
	if w.sealDone != nil {
		defer w.sealDone()
	}
	w.sealing = false
	w.next.Enable()
	if err != nil {
		w.back.Enable()
		w.opts.logger().Error("seal enrolment", "err", err)
		w.errText.SetText(lang.L("The enrolment was not sealed; nothing is lost, fix the cause and press Seal again:") + " " + err.Error())
		return
	}
	// Behind every save asked before the seal, so no save brings the draft back.
	w.deleteDraft("delete the draft of a sealed enrolment")
	w.forget()
	w.draft = &Draft{} // the customer's data leaves memory; Reset makes the next one
	w.done.shortID.SetText(e.ShortID())
	w.stepView.Hide()
	w.done.object.Show()
	if w.opts.OnSealed != nil {
		w.opts.OnSealed(e)
	}
}

// sealDraft assembles the enrolment from the draft (enrol.Assemble: the same path as
// `enrolctl enrol`) and seals it with its evidence in one transaction.
func (w *Wizard) sealDraft(ctx context.Context, d *Draft) (store.Enrolment, error) {
	if w.opts.Store == nil {
		return store.Enrolment{}, errNoStore
	}
	a, err := enrol.Assemble(ctx, w.pieces(d), enrol.Options{TrustedThirdParty: w.opts.TrustedThirdParty, DeviceKey: w.opts.DeviceKey, Now: w.opts.now})
	if err != nil {
		return store.Enrolment{}, err
	}
	return w.opts.Store.Seal(ctx, a.Record, a.Inputs())
}

// pieces lists what the draft captured, for enrol.Assemble. The signature is bound to
// this transaction: the terms' text the customer read (Acceptance.TermsSHA256, set at the
// terms step), the enrolment id, the applicant record and the ID images.
func (w *Wizard) pieces(d *Draft) enrol.Pieces {
	return enrol.Pieces{
		ID: d.ID, Profile: w.opts.Profile, Branch: w.opts.Branch, OperatorID: d.Operator,
		Applicant: d.Applicant, Acceptance: d.Acceptance, Checks: d.Checks, Location: w.opts.Location,
		Front: d.Front, Rear: d.Rear, Owner: d.Owner, Video: d.Video,
		Signature: d.Signature, Terms: []byte(w.opts.Terms.Text), MRZ: d.MRZ,
	}
}
