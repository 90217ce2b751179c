package wizard

import (
	"errors"

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
	content           fyne.CanvasObject
}

func newChecklistStep() *checklistStep {
	s := &checklistStep{
		seen:  widget.NewCheck(lang.L("I have seen the original identity document"), nil),
		face:  widget.NewCheck(lang.L("The customer's face matches the document's photo"), nil),
		valid: widget.NewCheck(lang.L("The document has not expired"), nil),
	}
	s.content = container.NewVBox(
		widget.NewLabel(lang.L("Operator: confirm each point yourself, not on the customer's word.")),
		s.seen, s.face, s.valid,
	)
	return s
}

func (s *checklistStep) title() string             { return lang.L("Operator checklist") }
func (s *checklistStep) object() fyne.CanvasObject { return s.content }

func (s *checklistStep) show(d *Draft) {
	s.seen.SetChecked(d.Checks.OriginalDocumentSeen)
	s.face.SetChecked(d.Checks.FaceMatches)
	s.valid.SetChecked(d.Checks.NotExpired)
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
