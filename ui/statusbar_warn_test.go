package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestStatusBarWarnsOfAnUnprotectedKey(t *testing.T) {
	test.NewTempApp(t)
	b := NewStatusBar(false)
	b.Warn("Device key not protected")
	var found bool
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Label:
			found = found || v.Text == "Device key not protected"
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		case *container.Scroll:
			walk(v.Content)
		}
	}
	walk(b.Object())
	if !found {
		t.Fatal("the warning is not on the bar")
	}
}
