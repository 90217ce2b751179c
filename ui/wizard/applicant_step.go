package wizard

import (
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/enrol"
	"github.com/enrolkiosk/enrolkiosk/enrol/applicant"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// errFixFields is shown under the form when a field is wrong.
var errFixFields = errors.New("Some fields need attention: see the messages under them")

// documentTypes are the document types offered, by backend code.
var documentTypes = []struct{ code, label string }{{"IDC", "National identity card"}, {"PAS", "Passport"}}

// fieldSpec is one input of the applicant form.
type fieldSpec struct {
	name, label, placeholder string
}

var applicantFields = []fieldSpec{
	{applicant.GivenName, "Given names", ""},
	{applicant.Surname1, "First surname", ""},
	{applicant.Surname2, "Second surname", ""},
	{applicant.IDDocumentCountry, "Document country", "EC"},
	{applicant.SerialNumber, "Document number", ""},
	{applicant.CURP, "CURP", "18 characters"},
	{applicant.BirthDate, "Birth date", "YYYY-MM-DD"},
	{applicant.Nationality, "Nationality", "EC"},
	{applicant.Email, "E-mail", "name@example.com"},
	{applicant.MobilePhoneNumber, "Mobile number", "+593991234567"},
	{applicant.ResidenceAddress, "Address", ""},
	{applicant.ResidenceCity, "City", ""},
	{applicant.Residence, "Country of residence", "EC"},
}

// field is one input with its label, its error line and the mark of a value read from
// the document's machine readable zone.
type field struct {
	entry   *widget.Entry
	errText *widget.Label
	read    *widget.Label
	object  fyne.CanvasObject
}

// applicantStep is the applicant data form.
type applicantStep struct {
	profile string
	now     func() time.Time
	docType *widget.Select
	fields  map[string]*field
	// confirm keeps typed values that disagree with the machine readable zone.
	confirm *widget.Check
	mrz     *enrol.MRZ // the draft's zone while on screen
	content fyne.CanvasObject
}

func newApplicantStep(profile string, now func() time.Time, typed func()) *applicantStep {
	s := &applicantStep{profile: profile, now: now, fields: map[string]*field{}}
	labels := make([]string, len(documentTypes))
	for i, t := range documentTypes {
		labels[i] = lang.L(t.label)
	}
	s.docType = widget.NewSelect(labels, nil)
	s.docType.PlaceHolder = lang.L("(Select one)")
	cells := []fyne.CanvasObject{s.cell(applicant.IDDocumentType, "Document type", s.docType, nil)}
	for _, f := range applicantFields {
		e := widget.NewEntry()
		if f.placeholder != "" {
			e.SetPlaceHolder(lang.L(f.placeholder))
		}
		e.OnChanged = func(string) { typed() }
		s.fields[f.name] = &field{entry: e}
		cells = append(cells, s.cell(f.name, f.label, e, s.fields[f.name]))
	}
	s.confirm = widget.NewCheck(lang.L("Checked against the document: keep the typed values"), func(on bool) {
		if s.mrz != nil {
			s.mrz.Confirmed = on
		}
	})
	s.confirm.Hide()
	s.content = container.NewVScroll(container.NewBorder(nil, s.confirm, nil, nil, container.NewGridWithColumns(2, cells...)))
	return s
}

// cell lays out one input with its label (marked * when required) and its error line.
func (s *applicantStep) cell(name, label string, input fyne.CanvasObject, f *field) fyne.CanvasObject {
	text := lang.L(label)
	if applicant.Required(s.profile, name) {
		text += " *"
	}
	errText := widget.NewLabel("")
	errText.Importance = widget.DangerImportance
	errText.Wrapping = fyne.TextWrapWord
	errText.Hide()
	read := widget.NewLabel(lang.L("Read from the document"))
	read.Importance = widget.SuccessImportance
	read.Hide()
	if f == nil {
		f = &field{}
		s.fields[name] = f
	}
	f.errText, f.read = errText, read
	f.object = container.NewVBox(widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), input, read, errText)
	return f.object
}

func (s *applicantStep) title() string             { return lang.L("Applicant data") }
func (s *applicantStep) object() fyne.CanvasObject { return s.content }

func (s *applicantStep) show(d *Draft) {
	v := applicant.Values(d.Applicant)
	for name, f := range s.fields {
		if f.entry != nil {
			f.entry.SetText(v[name])
		}
		f.errText.Hide()
	}
	s.docType.ClearSelected()
	for i, t := range documentTypes {
		if t.code == d.Applicant.IDDocumentType {
			s.docType.SetSelectedIndex(i)
		}
	}
	s.mrz = d.MRZ
	s.markRead(d)
	s.confirm.Hide()
}

// markRead marks the fields filled in from the machine readable zone that still hold
// what it said.
func (s *applicantStep) markRead(d *Draft) {
	from := map[string]string{}
	if d.MRZ != nil {
		from = applicant.FromMRZ(&d.MRZ.Result)
	}
	v := applicant.Values(d.Applicant)
	for name, f := range s.fields {
		f.read.Hide()
		for _, r := range d.MRZRead {
			if r == name && from[name] != "" && v[name] == from[name] {
				f.read.Show()
			}
		}
	}
}

func (s *applicantStep) keep(d *Draft) {
	get := func(name string) string { return s.fields[name].entry.Text }
	a := store.Applicant{
		GivenName: get(applicant.GivenName), Surname1: get(applicant.Surname1), Surname2: get(applicant.Surname2),
		IDDocumentCountry: get(applicant.IDDocumentCountry), SerialNumber: get(applicant.SerialNumber),
		BirthDate: get(applicant.BirthDate), Nationality: get(applicant.Nationality),
		Email: get(applicant.Email), MobilePhoneNumber: get(applicant.MobilePhoneNumber),
		ResidenceAddress: get(applicant.ResidenceAddress), ResidenceCity: get(applicant.ResidenceCity),
		Residence: get(applicant.Residence), CURP: get(applicant.CURP),
	}
	if i := s.docType.SelectedIndex(); i >= 0 {
		a.IDDocumentType = documentTypes[i].code
	}
	d.Applicant = applicant.Normalize(a)
}

func (s *applicantStep) check(d *Draft) error {
	errs := applicant.Validate(s.profile, d.Applicant, s.now())
	for name, f := range s.fields {
		if err, bad := errs[name]; bad {
			f.errText.SetText(lang.L(err.Error()))
			f.errText.Show()
		} else {
			f.errText.Hide()
		}
	}
	s.markRead(d)
	if d.MRZ != nil && !d.MRZ.Confirmed {
		mm := applicant.CompareMRZ(d.Applicant, &d.MRZ.Result)
		for _, m := range mm {
			if _, bad := errs[m.Field]; bad {
				continue
			}
			f := s.fields[m.Field]
			f.errText.SetText(lang.L(enrol.ErrMRZMismatch.Error()) + " (" + m.MRZ + ")")
			f.errText.Show()
			errs[m.Field] = enrol.ErrMRZMismatch
		}
		if len(mm) > 0 {
			s.confirm.SetChecked(false)
			s.confirm.Show()
		}
	}
	if len(errs) > 0 {
		return errors.New(lang.L(errFixFields.Error()))
	}
	return nil
}
