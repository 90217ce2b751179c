package wizard

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/capture/signature/biodata"
	"github.com/enrolkiosk/enrolkiosk/enrol/applicant"
)

// Indexes of the steps the review's Edit links go back to.
const (
	stepApplicant = 0
	stepFront     = 1
	stepRear      = 2
	stepSelfie    = 3
	stepTerms     = 4
)

// reviewStep shows every piece before sealing, in words a person reads (the document
// type and countries by name, no empty rows of another country's fields), by section,
// each with an Edit link back to its step; the pictures can be enlarged, and a picture
// accepted despite failed quality checks is flagged.
type reviewStep struct {
	w                        *Wizard
	data                     *widget.Form
	front, rear, owner, sign *canvas.Image
	frontFlag, rearFlag      *widget.Label
	summary                  *widget.Label
	zoom                     *zoomView
	content                  fyne.CanvasObject
}

// reviewRows are the applicant fields shown, with their labels, in the form's order.
var reviewRows = []fieldSpec{
	{applicant.GivenName, "Given names", ""}, {applicant.Surname1, "First surname", ""},
	{applicant.Surname2, "Second surname", ""}, {applicant.IDDocumentType, "Document type", ""},
	{applicant.IDDocumentCountry, "Document country", ""}, {applicant.SerialNumber, "Document number", ""},
	{applicant.CURP, "CURP", ""}, {applicant.BirthDate, "Birth date", ""},
	{applicant.Nationality, "Nationality", ""}, {applicant.Email, "E-mail", ""},
	{applicant.MobilePhoneNumber, "Mobile number", ""}, {applicant.ResidenceAddress, "Address", ""},
	{applicant.ResidenceCity, "City", ""}, {applicant.Residence, "Country of residence", ""},
}

// countryNames are the countries the kiosk's profiles serve, by ISO code.
var countryNames = map[string]string{"EC": "Ecuador", "MX": "Mexico"}

func newReviewStep(w *Wizard) *reviewStep {
	s := &reviewStep{w: w, data: widget.NewForm(), summary: widget.NewLabel("")}
	s.summary.Wrapping = fyne.TextWrapWord
	s.zoom = newZoomView()
	small := fyne.NewSize(200, 130)
	s.front, s.rear, s.owner, s.sign = thumbnail(nil, small), thumbnail(nil, small), thumbnail(nil, small), thumbnail(nil, small)
	s.frontFlag, s.rearFlag = flagLabel(), flagLabel()
	picture := func(img *canvas.Image, text string, flag *widget.Label) fyne.CanvasObject {
		enlarge := widget.NewButtonWithIcon(lang.L("Enlarge"), theme.ZoomInIcon(), func() { s.zoom.show(lang.L(text), img.Image) })
		enlarge.Importance = widget.LowImportance
		foot := container.NewVBox(widget.NewLabelWithStyle(lang.L(text), fyne.TextAlignCenter, fyne.TextStyle{}), container.NewCenter(enlarge))
		if flag != nil {
			foot.Add(flag)
		}
		return container.NewBorder(nil, foot, nil, nil, img)
	}
	pictures := container.NewGridWithColumns(4, picture(s.front, "ID document front", s.frontFlag),
		picture(s.rear, "ID document rear", s.rearFlag), picture(s.owner, "Selfie", nil), picture(s.sign, "Signature", nil))
	body := container.NewVBox(
		s.section("Applicant data", stepApplicant), s.data,
		s.section("Pictures", stepFront), pictures,
		s.section("Selfie video, terms and signature", stepSelfie), s.summary,
	)
	s.content = container.NewStack(container.NewVScroll(body), s.zoom.object)
	return s
}

// flagLabel is the warning under a picture accepted despite failed quality checks.
func flagLabel() *widget.Label {
	l := widget.NewLabelWithStyle(lang.L("Quality checks failed: used anyway"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	l.Importance = widget.WarningImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

// section is a heading with an Edit link that goes back to step.
func (s *reviewStep) section(title string, step int) fyne.CanvasObject {
	h := widget.NewLabelWithStyle(lang.L(title), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	h.SizeName = theme.SizeNameSubHeadingText
	edit := widget.NewButtonWithIcon(lang.L("Edit"), theme.DocumentCreateIcon(), func() { s.w.edit(step) })
	edit.Importance = widget.LowImportance
	return container.NewBorder(nil, nil, nil, edit, h)
}

func (s *reviewStep) title() string             { return lang.L("Review") }
func (s *reviewStep) object() fyne.CanvasObject { return s.content }

func (s *reviewStep) show(d *Draft) {
	s.zoom.hide()
	s.data.Items = nil
	for _, r := range reviewRows {
		if text := s.readable(d, r.name); text != "" {
			l := widget.NewLabel(text)
			l.Wrapping = fyne.TextWrapWord
			s.data.Append(lang.L(r.label), l)
		}
	}
	s.data.Refresh()
	setThumbnail(s.front, d.Front)
	setThumbnail(s.rear, d.Rear)
	setThumbnail(s.owner, d.Owner)
	var png []byte
	if d.Signature != nil {
		png, _ = biodata.SignatureImage(*d.Signature, biodata.DefaultImageOptions())
	}
	setThumbnail(s.sign, png)
	show(s.frontFlag, s.overridden(stepFront))
	show(s.rearFlag, s.overridden(stepRear))
	video := lang.L("Selfie video: not recorded")
	if len(d.Video) > 0 {
		video = lang.L("Selfie video: recorded ({{.Size}})", map[string]any{"Size": megabytes(len(d.Video))})
	}
	terms := lang.L("Terms accepted at {{.When}} (version {{.Version}})",
		map[string]any{"When": d.Acceptance.Accepted.Local().Format("2006-01-02 15:04"), "Version": d.Acceptance.TermsVersion})
	s.summary.SetText(video + "\n" + terms)
}

// readable is the value of field as the review shows it: codes by name, and nothing for
// an empty field the chosen country does not use (a CURP for an Ecuadorian).
func (s *reviewStep) readable(d *Draft, field string) string {
	v := applicant.Values(d.Applicant)[field]
	switch field {
	case applicant.IDDocumentType:
		for _, t := range documentTypes {
			if t.code == v {
				return lang.L(t.label)
			}
		}
	case applicant.IDDocumentCountry, applicant.Nationality, applicant.Residence:
		if name, ok := countryNames[strings.ToUpper(v)]; ok {
			return lang.L(name)
		}
	}
	return v
}

// overridden reports whether the picture of step was kept with "Use it anyway".
func (s *reviewStep) overridden(step int) bool {
	ds, ok := s.w.steps[step].(*documentStep)
	return ok && len(ds.jpeg) > 0 && !ds.ok() && ds.anyway.Checked
}

func (s *reviewStep) keep(*Draft) {}

// check re-validates everything: a resumed draft may come from an older build.
func (s *reviewStep) check(d *Draft) error {
	for _, st := range s.w.steps[:len(s.w.steps)-1] {
		if err := st.check(d); err != nil {
			return fmt.Errorf("%s: %w", st.title(), err)
		}
	}
	return nil
}

// megabytes words a size for people: 1.6 MB.
func megabytes(n int) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }

// show shows or hides o.
func show(o fyne.CanvasObject, on bool) {
	if on {
		o.Show()
	} else {
		o.Hide()
	}
}

// edit goes back from the review to step, keeping everything; Next walks forward again.
func (w *Wizard) edit(step int) {
	w.touch()
	if w.sealing || w.Signing() {
		return
	}
	w.goTo(step)
	w.save()
}
