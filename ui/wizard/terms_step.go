package wizard

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/enrol"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// errNotAccepted is shown when Next is pressed before the customer accepts.
var errNotAccepted = enrol.ErrNotAccepted

// termsStep shows the terms and records the customer's acceptance with its time, the
// operator, this device and the terms' version.
type termsStep struct {
	w        *Wizard
	accept   *widget.Check
	accepted store.Acceptance
	content  fyne.CanvasObject
}

func newTermsStep(w *Wizard) *termsStep {
	s := &termsStep{w: w}
	text := widget.NewRichTextFromMarkdown(w.opts.Terms.Text)
	text.Wrapping = fyne.TextWrapWord
	version := widget.NewLabel(lang.L("Terms version {{.Version}}", map[string]any{"Version": w.opts.Terms.Version}))
	s.accept = widget.NewCheck(lang.L("The customer has read the terms and accepts them"), s.toggled)
	s.content = container.NewBorder(version, s.accept, nil, nil, container.NewVScroll(text))
	return s
}

func (s *termsStep) title() string             { return lang.L("Terms and consent") }
func (s *termsStep) object() fyne.CanvasObject { return s.content }

// toggled stamps the acceptance when the box is ticked, and withdraws it when cleared.
func (s *termsStep) toggled(on bool) {
	if !on {
		s.accepted = store.Acceptance{}
		return
	}
	if !s.accepted.Accepted.IsZero() {
		return
	}
	o := s.w.opts
	s.accepted = store.Acceptance{
		TermsVersion: o.Terms.Version, TermsSHA256: store.SHA256Hex([]byte(o.Terms.Text)), Accepted: o.now().UTC(),
		UserAgent: o.UserAgent, Device: o.Device, IP: o.IP,
	}
	if o.Operator != nil {
		s.accepted.Operator = o.Operator()
	}
}

func (s *termsStep) show(d *Draft) {
	s.accepted = d.Acceptance
	s.accept.SetChecked(!d.Acceptance.Accepted.IsZero())
}

func (s *termsStep) keep(d *Draft) {
	if d.Acceptance.Accepted != s.accepted.Accepted {
		d.Signature = nil // a new acceptance needs a new signature
	}
	d.Acceptance = s.accepted
}

func (s *termsStep) check(d *Draft) error {
	if d.Acceptance.Accepted.IsZero() || d.Acceptance.TermsVersion != s.w.opts.Terms.Version {
		return errors.New(lang.L(errNotAccepted.Error()))
	}
	return nil
}
