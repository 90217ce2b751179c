package wizard

import (
	"context"
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/enrolkiosk/enrolkiosk/capture/signature/biodata"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// errNoStore is returned when the wizard runs without a store (never in the app).
var errNoStore = errors.New("the local queue is not open: the enrolment cannot be sealed")

// seal hands the draft to the store off the UI goroutine and shows the confirmation.
func (w *Wizard) seal() {
	if w.sealing {
		return
	}
	w.sealing = true
	w.next.Disable()
	d := w.draft
	d.Operator = w.draft.Operator
	if w.opts.Operator != nil {
		d.Operator = w.opts.Operator()
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), saveTimeout)
		defer cancel()
		e, err := w.sealDraft(ctx, d)
		if err == nil {
			if derr := w.opts.Store.DeleteDraft(ctx, DraftName); derr != nil {
				w.opts.logger().Warn("delete the draft of a sealed enrolment", "err", derr)
			}
		}
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
		w.opts.logger().Error("seal enrolment", "err", err)
		w.errText.SetText(lang.L("The enrolment was not sealed; nothing is lost, fix the cause and press Seal again:") + " " + err.Error())
		return
	}
	w.leave()
	w.draft = &Draft{} // the customer's data leaves memory; Reset makes the next one
	w.done.shortID.SetText(e.ShortID())
	w.stepView.Hide()
	w.done.object.Show()
	if w.opts.OnSealed != nil {
		w.opts.OnSealed(e)
	}
}

// sealDraft builds the enrolment and its evidence and seals them in one transaction.
func (w *Wizard) sealDraft(ctx context.Context, d *Draft) (store.Enrolment, error) {
	if w.opts.Store == nil {
		return store.Enrolment{}, errNoStore
	}
	ev, err := w.evidence(d)
	if err != nil {
		return store.Enrolment{}, err
	}
	e := store.Enrolment{
		ID: d.ID, Profile: w.opts.Profile, OperatorID: d.Operator, Branch: w.opts.Branch,
		Applicant: d.Applicant, Acceptance: d.Acceptance, Checks: d.Checks, Location: w.opts.Location,
	}
	return w.opts.Store.Seal(ctx, e, ev)
}

// evidence lists the blobs to seal: pictures, video, and the signature as a PNG and as
// ISO/IEC 19794-7 biometric data bound to this transaction (biodata.Binding: the terms
// text, the enrolment id, the applicant record and the ID images) and signed by the device.
func (w *Wizard) evidence(d *Draft) ([]store.EvidenceInput, error) {
	if d.Signature == nil {
		return nil, errors.New(lang.L(errNoSignature.Error()))
	}
	png, err := biodata.SignatureImage(*d.Signature, biodata.DefaultImageOptions())
	if err != nil {
		return nil, fmt.Errorf("render the signature image: %w", err)
	}
	rec, err := store.ApplicantRecord(d.Applicant)
	if err != nil {
		return nil, err
	}
	if d.Acceptance.TermsSHA256 == "" { // a draft saved before terms were hashed at acceptance
		d.Acceptance.TermsSHA256 = store.SHA256Hex([]byte(w.opts.Terms.Text))
	}
	bind := biodata.NewBinding(d.Acceptance.TermsSHA256, d.ID, rec, d.Front, d.Rear)
	bio, err := biodata.BiometricData(*d.Signature, bind.Hash(), biodata.Options{Recipient: w.opts.TrustedThirdParty,
		CapturedAt: d.Acceptance.Accepted, Binding: &bind, Signer: w.opts.DeviceKey})
	if err != nil {
		return nil, fmt.Errorf("build the biometric data: %w", err)
	}
	ev := []store.EvidenceInput{
		store.Bytes(store.DocumentFront, "image/jpeg", d.Front),
		store.Bytes(store.DocumentRear, "image/jpeg", d.Rear),
		store.Bytes(store.DocumentOwner, "image/jpeg", d.Owner),
	}
	if len(d.Video) > 0 {
		ev = append(ev, store.Bytes(store.Video, "video/webm", d.Video))
	}
	bioType := "application/json"
	if biodata.IsAgeEncrypted(bio) {
		bioType = "application/age"
	}
	return append(ev, store.Bytes(store.SignatureImage, "image/png", png), store.Bytes(store.BiometricData, bioType, bio)), nil
}
