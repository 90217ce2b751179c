package signaturepad

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

// renderer lays out the background, the signing line and the ink raster.
type renderer struct {
	pad  *Pad
	bg   *canvas.Rectangle
	line *canvas.Line
}

var _ fyne.WidgetRenderer = (*renderer)(nil)

func (r *renderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	y := size.Height * 0.75
	r.line.Position1 = fyne.NewPos(size.Width*0.08, y)
	r.line.Position2 = fyne.NewPos(size.Width*0.92, y)
	r.pad.raster.Resize(size)
	r.pad.resizeRaster(size)
}

func (r *renderer) MinSize() fyne.Size { return r.pad.MinSize() }

func (r *renderer) Refresh() {
	r.bg.FillColor = r.pad.opts.Background
	r.bg.Refresh()
	r.line.Refresh()
	r.pad.raster.Refresh()
}

func (r *renderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.line, r.pad.raster}
}

func (r *renderer) Destroy() {}
