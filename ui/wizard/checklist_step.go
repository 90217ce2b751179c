package wizard

import (
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/enrol"
)

// errChecklist is shown when an attestation is missing.
var errChecklist = enrol.ErrChecklist

// checklistStep is the operator's attestations (security_checks).
type checklistStep struct {
	seen, face, valid *widget.Check
	// expiry tells why "not expired" was pre-answered from the machine readable zone.
	expiry  *widget.Label
	now     func() time.Time
	content fyne.CanvasObject
}

func newChecklistStep(now func() time.Time) *checklistStep {
	s := &checklistStep{
		now:    now,
		expiry: widget.NewLabel(""),
		seen:   widget.NewCheck(lang.L("I have seen the original identity document"), nil),
		face:   widget.NewCheck(lang.L("The customer's face matches the document's photo"), nil),
		valid:  widget.NewCheck(lang.L("The document has not expired"), nil),
	}
	s.content = container.NewVBox(
		widget.NewLabel(lang.L("Operator: confirm each point yourself, not on the customer's word.")),
		s.seen, s.face, s.valid, s.expiry,
	)
	s.expiry.Wrapping = fyne.TextWrapWord
	s.expiry.Hide()
	return s
}

func (s *checklistStep) title() string             { return lang.L("Operator checklist") }
func (s *checklistStep) object() fyne.CanvasObject { return s.content }

func (s *checklistStep) show(d *Draft) {
	s.seen.SetChecked(d.Checks.OriginalDocumentSeen)
	s.face.SetChecked(d.Checks.FaceMatches)
	s.valid.SetChecked(d.Checks.NotExpired)
	s.valid.Enable()
	s.expiry.Hide()
	if d.MRZ == nil || !d.MRZ.Result.Valid {
		return
	}
	// The zone answers "not expired": an expired document cannot be ticked, a valid one
	// is ticked for the operator to confirm, with the date either way.
	date := map[string]any{"Date": d.MRZ.Result.ExpiryDate.String()}
	if d.MRZ.Result.Expired(s.now()) {
		s.valid.SetChecked(false)
		s.valid.Disable()
		s.expiry.SetText(lang.L("The document expired on {{.Date}} (machine readable zone): it cannot be used to enrol.", date))
		s.expiry.Importance = widget.DangerImportance
	} else {
		s.valid.SetChecked(true)
		s.expiry.SetText(lang.L("The machine readable zone gives the expiry date {{.Date}}.", date))
		s.expiry.Importance = widget.MediumImportance
	}
	s.expiry.Show()
}

func (s *checklistStep) keep(d *Draft) {
	d.Checks.OriginalDocumentSeen, d.Checks.FaceMatches, d.Checks.NotExpired = s.seen.Checked, s.face.Checked, s.valid.Checked
}

func (s *checklistStep) check(d *Draft) error {
	if !d.Checks.OriginalDocumentSeen || !d.Checks.FaceMatches || !d.Checks.NotExpired {
		return errors.New(lang.L(errChecklist.Error()))
	}
	return nil
}
