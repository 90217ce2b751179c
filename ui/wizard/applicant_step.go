package wizard

import (
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/enrol"
	"github.com/enrolkiosk/enrolkiosk/enrol/applicant"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// errFixFields is shown under the form when a field is wrong.
var errFixFields = errors.New("Some fields need attention: see the messages under them")

// documentTypes are the document types offered, by backend code.
var documentTypes = []struct{ code, label string }{{"IDC", "National identity card"}, {"PAS", "Passport"}}

// fieldSpec is one input of the applicant form: its name, label, and the hint shown
// under the label (an example of the format, never inside the field, where it would look
// like a value).
type fieldSpec struct {
	name, label, hint string
}

var applicantFields = []fieldSpec{
	{applicant.GivenName, "Given names", ""},
	{applicant.Surname1, "First surname", ""},
	{applicant.Surname2, "Second surname", ""},
	{applicant.IDDocumentCountry, "Document country", "Two-letter code: EC, MX"},
	{applicant.SerialNumber, "Document number", ""},
	{applicant.CURP, "CURP", "18 characters"},
	{applicant.BirthDate, "Birth date", "Day/month/year, e.g. 17/05/1990"},
	{applicant.Nationality, "Nationality", "Two-letter code: EC, MX"},
	{applicant.Email, "E-mail", "e.g. name@example.com"},
	{applicant.MobilePhoneNumber, "Mobile number", "e.g. 0991234567 or +593991234567"},
	{applicant.ResidenceAddress, "Address", ""},
	{applicant.ResidenceCity, "City", ""},
	{applicant.Residence, "Country of residence", "Two-letter code: EC, MX"},
}

// field is one input with its label, its error line and the mark of a value read from
// the document's machine readable zone.
type field struct {
	entry   *formEntry
	errText *widget.Label
	read    *widget.Label
	object  fyne.CanvasObject
	flagged bool // an error was shown since the last edit: focus-out checks it again
}

// applicantStep is the applicant data form. A field is checked when it loses focus (a
// "Required" only once Next was pressed) and its error clears as soon as it is edited;
// every error line keeps its place, so nothing jumps. Enter in a field presses Next.
type applicantStep struct {
	profile string
	now     func() time.Time
	docType *widget.Select
	fields  map[string]*field
	// confirm keeps typed values that disagree with the machine readable zone.
	confirm *widget.Check
	mrz     *enrol.MRZ // the draft's zone while on screen
	first   *formEntry
	page    *container.Scroll
	content fyne.CanvasObject
	tried   bool // Next was pressed on this form
}

func newApplicantStep(profile string, now func() time.Time, typed, submit func()) *applicantStep {
	s := &applicantStep{profile: profile, now: now, fields: map[string]*field{}}
	labels := make([]string, len(documentTypes))
	for i, t := range documentTypes {
		labels[i] = lang.L(t.label)
	}
	s.docType = widget.NewSelect(labels, func(string) { s.clearError(applicant.IDDocumentType); typed() })
	s.docType.PlaceHolder = lang.L("(Select one)")
	cells := []fyne.CanvasObject{s.cell(applicant.IDDocumentType, "Document type", "", s.docType, nil)}
	// Rows of two cells, each row as tall as its own cells: an error grows only its row.
	rows := container.NewVBox()
	s.page = container.NewVScroll(rows)
	for _, f := range applicantFields {
		e := newFormEntry()
		e.page = s.page
		name := f.name
		fl := &field{entry: e}
		e.OnChanged = func(string) { s.clearError(name); typed() }
		e.OnSubmitted = func(string) { submit() }
		e.onBlur = func() { s.checkField(name) }
		e.onFocus = func() { scrollIntoView(s.page, e) }
		s.fields[name] = fl
		if s.first == nil {
			s.first = e
		}
		cells = append(cells, s.cell(name, f.label, f.hint, e, fl))
	}
	s.confirm = widget.NewCheck(lang.L("Checked against the document: keep the typed values"), func(on bool) {
		if s.mrz != nil {
			s.mrz.Confirmed = on
		}
	})
	s.confirm.Hide()
	for i := 0; i < len(cells); i += 2 {
		row := container.NewGridWithColumns(2, cells[i])
		if i+1 < len(cells) {
			row.Add(cells[i+1])
		}
		rows.Add(row)
	}
	rows.Add(s.confirm)
	s.content = s.page
	return s
}

// cell lays out one input with its label (marked * when required) and its format hint on
// one line, and its error line under it (shown only with an error; emptied but kept while
// the field is being fixed, so the fields below do not move under the typing).
func (s *applicantStep) cell(name, label, hint string, input fyne.CanvasObject, f *field) fyne.CanvasObject {
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
	var head fyne.CanvasObject = widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	if hint != "" {
		h := widget.NewLabel(lang.L(hint))
		h.SizeName = theme.SizeNameCaptionText
		h.Truncation = fyne.TextTruncateEllipsis
		head = container.NewBorder(nil, nil, head, nil, h)
	}
	f.object = container.NewVBox(head, input, read, errText)
	return f.object
}

// clearError removes a field's error while it is being edited.
func (s *applicantStep) clearError(name string) {
	if f := s.fields[name]; f != nil && f.errText.Text != "" {
		f.errText.SetText("")
	}
}

// checkField checks one field when it loses focus: a value that is wrong shows its error
// at once; an empty required field says so only once Next was pressed. A value typed in a
// local form is shown converted (0991234567 as +593991234567).
func (s *applicantStep) checkField(name string) {
	f := s.fields[name]
	if f == nil || f.entry == nil {
		return
	}
	var d Draft
	s.keep(&d)
	v := applicant.Values(d.Applicant)[name]
	if f.entry.Text != v && v != "" && (name == applicant.MobilePhoneNumber || name == applicant.BirthDate) {
		f.entry.SetText(v)
	}
	err, bad := applicant.Validate(s.profile, d.Applicant, s.now())[name]
	switch {
	case bad && (v != "" || s.tried):
		f.showError(lang.L(err.Error()))
	case !bad:
		f.showError("")
	}
}

// showError shows text under the field, or removes the line when text is empty.
func (f *field) showError(text string) {
	f.errText.SetText(text)
	f.errText.Hidden = text == ""
	f.errText.Refresh()
}

// order lists the form's fields as they are on screen: the document type, then
// applicantFields.
func (s *applicantStep) order() []string {
	names := []string{applicant.IDDocumentType}
	for _, f := range applicantFields {
		names = append(names, f.name)
	}
	return names
}

// focus puts the cursor in the form's first field, scrolled to the top.
func (s *applicantStep) focus(c fyne.Canvas) {
	s.page.ScrollToTop()
	c.Focus(s.first)
}

func (s *applicantStep) title() string             { return lang.L("Applicant data") }
func (s *applicantStep) object() fyne.CanvasObject { return s.content }

func (s *applicantStep) show(d *Draft) {
	v := applicant.Values(d.Applicant)
	for name, f := range s.fields {
		if f.entry != nil {
			f.entry.SetText(v[name])
		}
		f.showError("")
	}
	s.tried = false
	s.page.ScrollToTop()
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
	s.tried = true
	errs := applicant.Validate(s.profile, d.Applicant, s.now())
	first := ""
	for _, name := range s.order() {
		f := s.fields[name]
		if f == nil {
			continue
		}
		if err, bad := errs[name]; bad {
			f.showError(lang.L(err.Error()))
			if first == "" {
				first = name
			}
		} else {
			f.showError("")
		}
	}
	if f := s.fields[first]; f != nil {
		scrollIntoView(s.page, f.object)
	}
	s.markRead(d)
	if d.MRZ != nil && !d.MRZ.Confirmed {
		mm := applicant.CompareMRZ(d.Applicant, &d.MRZ.Result)
		for _, m := range mm {
			if _, bad := errs[m.Field]; bad {
				continue
			}
			f := s.fields[m.Field]
			f.showError(lang.L(enrol.ErrMRZMismatch.Error()) + " (" + m.MRZ + ")")
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
