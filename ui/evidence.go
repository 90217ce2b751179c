package ui

import (
	"context"
	"fmt"
	"image"
	_ "image/jpeg" // decode the document and selfie pictures
	_ "image/png"  // decode the signature image

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/capture/document"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// maxViewBytes bounds one picture read for the evidence viewer.
const maxViewBytes = 16 << 20

// viewEdge is the long edge the evidence viewer decodes pictures at, at least.
const viewEdge = 1000

// viewedKinds are the pictures the evidence viewer shows, with their captions.
var viewedKinds = []struct {
	kind    store.EvidenceKind
	caption string
}{
	{store.DocumentFront, "ID document front"}, {store.DocumentRear, "ID document rear"},
	{store.DocumentOwner, "Selfie"}, {store.SignatureImage, "Signature"},
}

// evidence is what the viewer shows of one enrolment.
type evidence struct {
	rec    store.Enrolment
	images map[store.EvidenceKind]image.Image
}

// openEvidence reads an enrolment's record and pictures and shows them to the operator.
func (s *queueSection) openEvidence(id string) {
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		defer cancel()
		ev, err := loadEvidence(ctx, s.deps.Store, id)
		fyne.Do(func() {
			if err != nil {
				s.say(lang.L("The evidence could not be opened:")+" "+err.Error(), false)
				return
			}
			s.showEvidence(ev)
		})
	}()
}

func loadEvidence(ctx context.Context, st Store, id string) (evidence, error) {
	rec, err := st.Get(ctx, id)
	if err != nil {
		return evidence{}, err
	}
	ev := evidence{rec: rec, images: map[store.EvidenceKind]image.Image{}}
	for _, k := range viewedKinds {
		if _, ok := rec.EvidenceOf(k.kind); !ok {
			continue
		}
		img, err := readImage(ctx, st, id, k.kind)
		if err != nil {
			return evidence{}, err
		}
		ev.images[k.kind] = img
	}
	return ev, nil
}

func readImage(ctx context.Context, st Store, id string, kind store.EvidenceKind) (image.Image, error) {
	b, err := readEvidence(ctx, st, id, kind, maxViewBytes)
	if err != nil {
		return nil, err
	}
	// Shown in a cell of a dialog: half the document's 2000 px is plenty, and a quarter of
	// the decoding.
	img, err := document.Preview(b, viewEdge)
	if err != nil {
		return nil, fmt.Errorf("decode %s: %w", kind, err)
	}
	return img, nil
}

func (s *queueSection) showEvidence(ev evidence) {
	if s.deps.Window == nil {
		return
	}
	var cells []fyne.CanvasObject
	for _, k := range viewedKinds {
		img := canvas.NewImageFromImage(ev.images[k.kind])
		img.FillMode = canvas.ImageFillContain
		img.SetMinSize(fyne.NewSize(260, 180))
		cells = append(cells, container.NewBorder(nil, widget.NewLabelWithStyle(lang.L(k.caption), fyne.TextAlignCenter, fyne.TextStyle{}), nil, nil, img))
	}
	a := ev.rec.Applicant
	form := widget.NewForm(
		widget.NewFormItem(lang.L("Name"), widget.NewLabel(a.GivenName+" "+a.Surname1+" "+a.Surname2)),
		widget.NewFormItem(lang.L("Document number"), widget.NewLabel(a.IDDocumentType+" "+a.IDDocumentCountry+" "+a.SerialNumber)),
		widget.NewFormItem(lang.L("Operator"), widget.NewLabel(ev.rec.OperatorID)),
		widget.NewFormItem(lang.L("Terms version"), widget.NewLabel(ev.rec.Acceptance.TermsVersion)),
	)
	content := container.NewVScroll(container.NewVBox(container.NewGridWithColumns(2, cells...), form))
	s.clear()
	s.viewer = dialog.NewCustom(lang.L("Enrolment {{.ID}}", map[string]any{"ID": ev.rec.ShortID()}), lang.L("Close"), content, s.deps.Window)
	s.viewer.Resize(fyne.NewSize(900, 640))
	s.viewer.Show()
}
