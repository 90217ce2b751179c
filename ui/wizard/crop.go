package wizard

import (
	"bytes"
	"context"
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/capture/document"
	"github.com/enrolkiosk/enrolkiosk/ui/camerapreview"
)

// cropper is the operator's crop on a document step: the still with the detected
// outline, its corners to drag, and the buttons to use or reset it.
type cropper struct {
	editor   *camerapreview.CropEditor
	img      image.Image
	proposal document.Quad
}

// newCropActions makes the crop mode's buttons, large for a finger.
func (s *documentStep) newCropActions() fyne.CanvasObject {
	use := widget.NewButtonWithIcon(lang.L("Use this crop"), theme.ConfirmIcon(), s.useCrop)
	use.Importance = widget.HighImportance
	reset := widget.NewButtonWithIcon(lang.L("Reset corners"), theme.ViewRefreshIcon(), func() {
		if s.crop != nil {
			s.crop.editor.SetQuad(s.crop.proposal)
		}
	})
	cancel := widget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), s.cancelCrop)
	return container.NewGridWithColumns(3, use, reset, cancel)
}

// propose decodes or takes the still off the UI goroutine, detects the document's
// corners and shows them to the operator in the crop editor.
func (s *documentStep) propose(still func(context.Context) (image.Image, error)) {
	if s.w.opts.Document.NoAutoCrop {
		// Scans already cropped: process the whole picture, as configured.
		s.run(func(ctx context.Context) (document.Result, error) {
			img, err := still(ctx)
			if err != nil {
				return document.Result{}, err
			}
			return document.ProcessImage(ctx, img, s.w.opts.Document)
		})
		return
	}
	s.setBusy()
	gen, draft := s.gen, s.w.draft
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), captureTimeout)
		defer cancel()
		img, err := still(ctx)
		var q document.Quad
		if err == nil {
			q, _ = document.DetectQuad(img)
		}
		fyne.Do(func() {
			switch {
			case draft != s.w.draft || gen != s.gen: // another customer by now, or the step was left
			case err != nil:
				s.setResult(document.Result{}, err)
			default:
				s.showCrop(img, q)
			}
			if s.proposed != nil {
				s.proposed()
			}
		})
	}()
}

// showCrop puts the editor in place of the picture.
func (s *documentStep) showCrop(img image.Image, q document.Quad) {
	s.pic.stop()
	s.crop = &cropper{editor: camerapreview.NewCropEditor(img, q), img: img, proposal: q}
	s.center.Objects = []fyne.CanvasObject{s.crop.editor}
	s.center.Refresh()
	s.state = pictureCrop
	s.render()
	s.w.errText.SetText("")
	s.w.opts.logger().Info("document crop proposed", "side", string(s.kind), "square", q == document.RectQuad(q.Bounds()))
}

// useCrop processes the still with the operator's outline (warped when not square).
func (s *documentStep) useCrop() {
	if s.crop == nil {
		return
	}
	img, q := s.crop.img, s.crop.editor.Quad()
	s.closeCrop()
	s.run(func(ctx context.Context) (document.Result, error) {
		opts := s.w.opts.Document
		opts.Crop = &q
		return document.ProcessImage(ctx, img, opts)
	})
}

// cancelCrop drops the still and goes back to the live camera, or to the picture taken
// before (a file dropped over it).
func (s *documentStep) cancelCrop() {
	s.closeCrop()
	s.settle()
	s.render()
	s.pic.show(s.jpeg)
}

// closeCrop takes the editor off the screen; the still leaves memory with it. The
// caller sets the state that follows.
func (s *documentStep) closeCrop() {
	if s.crop == nil {
		return
	}
	s.crop = nil
	s.center.Objects = []fyne.CanvasObject{s.pic.object}
	s.center.Refresh()
}

// decodeImport decodes an imported file with the pipeline's refusals.
func (s *documentStep) decodeImport(b []byte) func(context.Context) (image.Image, error) {
	return func(ctx context.Context) (image.Image, error) {
		img, _, err := document.Decode(ctx, bytes.NewReader(b), s.w.opts.Document)
		return img, err
	}
}
