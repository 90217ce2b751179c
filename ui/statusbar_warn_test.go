package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestStatusBarWarnsOfAnUnprotectedKey(t *testing.T) {
	test.NewTempApp(t)
	b := NewStatusBar(false)
	b.Warn("Device key not protected")
	var found bool
	for _, o := range b.Object().(*fyne.Container).Objects {
		if l, ok := o.(*widget.Label); ok && l.Text == "Device key not protected" {
			found = true
		}
	}
	if !found {
		t.Fatal("the warning is not on the bar")
	}
}
