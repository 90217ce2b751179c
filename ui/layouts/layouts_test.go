package layouts

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
)

func TestAtLeastWide(t *testing.T) {
	small := canvas.NewRectangle(nil)
	small.SetMinSize(fyne.NewSize(100, 40))
	c := container.New(AtLeastWide{Width: 300}, small)
	if got := c.MinSize(); got != fyne.NewSize(300, 40) {
		t.Fatalf("MinSize %v, want 300x40", got)
	}
	big := canvas.NewRectangle(nil)
	big.SetMinSize(fyne.NewSize(400, 10))
	c.Add(big)
	c.Resize(fyne.NewSize(500, 60))
	if c.MinSize() != fyne.NewSize(400, 40) || small.Size() != fyne.NewSize(500, 60) {
		t.Fatalf("MinSize %v, child %v", c.MinSize(), small.Size())
	}
}
