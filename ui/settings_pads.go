package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/capture/signature/stu"
)

// newPadList shows the Wacom STU signature pads connected now, under the Pen setting
// (signature.source "stu" uses the first). sysfs gives the model at once; each pad is
// then opened off the UI goroutine for its electronic serial and firmware.
func newPadList(sysRoot string) *widget.Label {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
	defer cancel()
	cs, err := stu.Find(ctx, sysRoot)
	if err != nil || len(cs) == 0 {
		l.SetText(lang.L("Signature pads connected now") + ": " + lang.L("none"))
		return l
	}
	show := func(ks []stu.Connected) {
		var names []string
		for _, k := range ks {
			names = append(names, stu.Describe(k.Candidate, k.Info))
		}
		l.SetText(lang.L("Signature pads connected now") + ": " + strings.Join(names, "; "))
	}
	sysfsOnly := make([]stu.Connected, len(cs))
	for i, c := range cs {
		sysfsOnly[i] = stu.Connected{Candidate: c}
	}
	show(sysfsOnly)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		defer cancel()
		ks := stu.Probe(ctx, cs)
		fyne.Do(func() { show(ks) })
	}()
	return l
}
