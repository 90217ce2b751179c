package wizard

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/capture/signature/biodata"
	"github.com/enrolkiosk/enrolkiosk/enrol/applicant"
)

// reviewStep shows every piece before sealing: the data, the pictures, the signature.
type reviewStep struct {
	w                        *Wizard
	data                     *widget.Form
	values                   map[string]*widget.Label
	front, rear, owner, sign *canvas.Image
	summary                  *widget.Label
	content                  fyne.CanvasObject
}

// reviewRows are the applicant fields shown, with their labels.
var reviewRows = []fieldSpec{
	{applicant.GivenName, "Given names", ""}, {applicant.Surname1, "First surname", ""},
	{applicant.Surname2, "Second surname", ""}, {applicant.IDDocumentType, "Document type", ""},
	{applicant.IDDocumentCountry, "Document country", ""}, {applicant.SerialNumber, "Document number", ""},
	{applicant.CURP, "CURP", ""}, {applicant.BirthDate, "Birth date", ""},
	{applicant.Email, "E-mail", ""}, {applicant.MobilePhoneNumber, "Mobile number", ""},
}

func newReviewStep(w *Wizard) *reviewStep {
	s := &reviewStep{w: w, data: widget.NewForm(), values: map[string]*widget.Label{}, summary: widget.NewLabel("")}
	for _, r := range reviewRows {
		s.values[r.name] = widget.NewLabel("")
		s.data.Append(lang.L(r.label), s.values[r.name])
	}
	small := fyne.NewSize(200, 130)
	s.front, s.rear, s.owner, s.sign = thumbnail(nil, small), thumbnail(nil, small), thumbnail(nil, small), thumbnail(nil, small)
	caption := func(img *canvas.Image, text string) fyne.CanvasObject {
		return container.NewBorder(nil, widget.NewLabelWithStyle(lang.L(text), fyne.TextAlignCenter, fyne.TextStyle{}), nil, nil, img)
	}
	pictures := container.NewGridWithColumns(4, caption(s.front, "ID document front"), caption(s.rear, "ID document rear"),
		caption(s.owner, "Selfie"), caption(s.sign, "Signature"))
	s.content = container.NewVScroll(container.NewVBox(pictures, s.summary, s.data))
	return s
}

func (s *reviewStep) title() string             { return lang.L("Review") }
func (s *reviewStep) object() fyne.CanvasObject { return s.content }

func (s *reviewStep) show(d *Draft) {
	v := applicant.Values(d.Applicant)
	for name, l := range s.values {
		l.SetText(v[name])
	}
	setThumbnail(s.front, d.Front)
	setThumbnail(s.rear, d.Rear)
	setThumbnail(s.owner, d.Owner)
	var png []byte
	if d.Signature != nil {
		png, _ = biodata.SignatureImage(*d.Signature, biodata.DefaultImageOptions())
	}
	setThumbnail(s.sign, png)
	video := lang.L("no video")
	if len(d.Video) > 0 {
		video = lang.L("video {{.Size}} KB", map[string]any{"Size": len(d.Video) / 1000})
	}
	s.summary.SetText(fmt.Sprintf("%s · %s %s · %s", video, lang.L("Terms version"), d.Acceptance.TermsVersion,
		d.Acceptance.Accepted.Local().Format("2006-01-02 15:04")))
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
