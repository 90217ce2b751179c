package wizard

import (
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// zoomView shows one of the review's pictures as large as the step allows, over it.
type zoomView struct {
	title  *widget.Label
	img    *canvas.Image
	object fyne.CanvasObject
}

func newZoomView() *zoomView {
	v := &zoomView{title: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), img: canvas.NewImageFromImage(nil)}
	v.img.FillMode = canvas.ImageFillContain
	closeBtn := widget.NewButtonWithIcon(lang.L("Close"), theme.CancelIcon(), v.hide)
	closeBtn.Importance = widget.HighImportance
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameBackground))
	v.object = container.NewStack(bg, container.NewBorder(container.NewBorder(nil, nil, nil, closeBtn, v.title), nil, nil, nil, v.img))
	v.object.Hide()
	return v
}

// show enlarges img under title.
func (v *zoomView) show(title string, img image.Image) {
	if img == nil {
		return
	}
	v.title.SetText(title)
	v.img.Image = img
	v.img.Refresh()
	v.object.Show()
}

func (v *zoomView) hide() {
	v.object.Hide()
	v.img.Image = nil
}
