package wizard

import (
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

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

// field is one input with its label and its error line.
type field struct {
	entry   *widget.Entry
	errText *widget.Label
	object  fyne.CanvasObject
}

// applicantStep is the applicant data form.
type applicantStep struct {
	profile string
	now     func() time.Time
	docType *widget.Select
	fields  map[string]*field
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
	s.content = container.NewVScroll(container.NewGridWithColumns(2, cells...))
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
	if f == nil {
		f = &field{}
		s.fields[name] = f
	}
	f.errText = errText
	f.object = container.NewVBox(widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), input, errText)
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
	if len(errs) > 0 {
		return errors.New(lang.L(errFixFields.Error()))
	}
	return nil
}
