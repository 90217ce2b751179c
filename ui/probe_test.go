package ui

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// probeWindow is a small screen with every kind of item the probe reports: tabs on the
// left, a label, entries, a check, a disabled button, a select and a scroller whose last
// line is out of view.
type probeWindow struct {
	win                  fyne.Window
	tabs                 *container.AppTabs
	step, hidden, inView *widget.Label
	name, pass           *widget.Entry
	accept               *widget.Check
	next                 *widget.Button
	docType              *widget.Select
}

func newProbeWindow(t *testing.T) *probeWindow {
	t.Helper()
	test.NewTempApp(t)
	p := &probeWindow{step: widget.NewLabel("Step 1 of 8"), name: widget.NewEntry(), pass: widget.NewPasswordEntry(),
		accept: widget.NewCheck("I accept", nil), next: widget.NewButton("Next", nil),
		docType: widget.NewSelect([]string{"National identity card", "Passport"}, nil),
		inView:  widget.NewLabel("first line"), hidden: widget.NewLabel("far below")}
	p.name.SetPlaceHolder("Given names")
	p.pass.SetText("abc")
	p.next.Disable()
	p.docType.PlaceHolder = "(Select one)"
	lines := []fyne.CanvasObject{p.inView}
	for range 30 {
		lines = append(lines, widget.NewLabel("filler"))
	}
	scroll := container.NewVScroll(container.NewVBox(append(lines, p.hidden)...))
	scroll.SetMinSize(fyne.NewSize(200, 120))
	enrol := container.NewVBox(p.step, p.name, p.pass, p.accept, p.next, p.docType, scroll)
	p.tabs = container.NewAppTabs(container.NewTabItem("Enrol", enrol), container.NewTabItem("Queue", widget.NewLabel("queue")))
	p.tabs.SetTabLocation(container.TabLocationLeading)
	p.win = test.NewTempWindow(t, p.tabs)
	p.win.Resize(fyne.NewSize(800, 700))
	return p
}

// find returns the items of kind showing text.
func find(s ProbeSnapshot, kind, text string) []ProbeItem {
	var got []ProbeItem
	for _, it := range s.Items {
		if it.Kind == kind && it.Text == text {
			got = append(got, it)
		}
	}
	return got
}

// one returns the only item of kind showing text, failing the test otherwise.
func one(t *testing.T, s ProbeSnapshot, kind, text string) ProbeItem {
	t.Helper()
	got := find(s, kind, text)
	if len(got) != 1 {
		t.Fatalf("%d %s items show %q, want 1: %+v", len(got), kind, text, s.Items)
	}
	return got[0]
}

func centre(it ProbeItem) fyne.Position {
	return fyne.NewPos(it.X+it.Width/2, it.Y+it.Height/2)
}

func TestProbeFindsWidgetsWhereTheDriverDrawsThem(t *testing.T) {
	p := newProbeWindow(t)
	s := Probe(p.win.Canvas())
	if s.Scale != p.win.Canvas().Scale() || s.Width != p.win.Canvas().Size().Width {
		t.Errorf("snapshot scale %v size %vx%v", s.Scale, s.Width, s.Height)
	}
	// The driver's positions are relative to the interactive area; the probe's (like the
	// painter's and the pointer's) to the canvas.
	drv := fyne.CurrentApp().Driver()
	inset, _ := p.win.Canvas().InteractiveArea()
	for _, c := range []struct {
		obj        fyne.CanvasObject
		kind, text string
	}{
		{p.step, ProbeLabel, "Step 1 of 8"}, {p.name, ProbeEntry, ""}, {p.pass, ProbeEntry, "•••"},
		{p.next, ProbeButton, "Next"}, {p.docType, ProbeSelect, ""},
		{p.inView, ProbeLabel, "first line"},
	} {
		it := one(t, s, c.kind, c.text)
		pos, size := drv.AbsolutePositionForObject(c.obj).Add(inset), c.obj.Size()
		if it.X != pos.X || it.Y != pos.Y || it.Width != size.Width || it.Height != size.Height || it.Layer != 0 {
			t.Errorf("%s %q at %v,%v %vx%v layer %d; drawn at %v %v", c.kind, c.text, it.X, it.Y, it.Width, it.Height, it.Layer, pos, size)
		}
	}
	if it := one(t, s, ProbeEntry, ""); it.PlaceHolder != "Given names" || it.Password {
		t.Errorf("entry placeholder %q, password %v", it.PlaceHolder, it.Password)
	}
	if !one(t, s, ProbeEntry, "•••").Password {
		t.Error("the password entry is not marked")
	}
	if one(t, s, ProbeEntry, "•••").Focused {
		t.Error("an entry is reported focused before anything has the focus")
	}
	p.win.Canvas().Focus(p.pass)
	if !one(t, Probe(p.win.Canvas()), ProbeEntry, "•••").Focused || one(t, Probe(p.win.Canvas()), ProbeEntry, "").Focused {
		t.Error("the focused entry is not the one reported focused")
	}
	if !one(t, s, ProbeButton, "Next").Disabled || one(t, s, ProbeCheck, "I accept").Disabled {
		t.Error("disabled state not reported")
	}
	if len(find(s, ProbeLabel, "far below")) != 0 {
		t.Error("a label scrolled out of view is reported")
	}
	if len(find(s, ProbeLabel, "queue")) != 0 {
		t.Error("the content of a tab not selected is reported")
	}

	// A tab is a text inside the tab bar: tapping its centre selects it.
	queue := one(t, s, ProbeText, "Queue")
	if queue.X >= one(t, s, ProbeLabel, "Step 1 of 8").X {
		t.Errorf("the Queue tab is not left of the content: %+v", queue)
	}
	// A check takes taps on its box and text only: the probe reports that part.
	check := one(t, s, ProbeCheck, "I accept")
	at, ms := drv.AbsolutePositionForObject(p.accept).Add(inset), p.accept.MinSize()
	if check.X != at.X || check.Width != ms.Width || check.Height != ms.Height || check.Y < at.Y {
		t.Errorf("check at %+v; drawn at %v, minimum size %v", check, at, ms)
	}
	test.TapCanvas(p.win.Canvas(), centre(check))
	if !p.accept.Checked || !one(t, Probe(p.win.Canvas()), ProbeCheck, "I accept").Checked {
		t.Error("tapping the check's centre did not tick it, or the tick is not reported")
	}
	test.TapCanvas(p.win.Canvas(), centre(queue))
	if p.tabs.SelectedIndex() != 1 {
		t.Fatal("tapping the centre of the Queue tab's text did not select it")
	}
	one(t, Probe(p.win.Canvas()), ProbeLabel, "queue")
}

func TestProbeSeesPopUpMenus(t *testing.T) {
	p := newProbeWindow(t)
	test.Tap(p.docType)
	s := Probe(p.win.Canvas())
	opt := one(t, s, ProbeText, "Passport")
	if opt.Layer != 1 {
		t.Fatalf("the select's menu item is on layer %d, want 1 (the overlay)", opt.Layer)
	}
	test.TapCanvas(p.win.Canvas(), centre(opt))
	if p.docType.Selected != "Passport" {
		t.Fatalf("tapping the menu item's centre selected %q", p.docType.Selected)
	}
	if len(find(Probe(p.win.Canvas()), ProbeText, "Passport")) != 0 {
		t.Error("the closed menu is still reported")
	}
	one(t, Probe(p.win.Canvas()), ProbeSelect, "Passport")
}

func TestPublishProbeWritesTheSnapshot(t *testing.T) {
	p := newProbeWindow(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "probe.json")
	publish := func() ProbeSnapshot {
		t.Helper()
		// The test app has no UI goroutine: nothing else walks the canvas while it publishes.
		want := Probe(p.win.Canvas())
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- PublishProbe(ctx, p.win.Canvas(), path, time.Millisecond) }()
		var got ProbeSnapshot
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
			b, err := os.ReadFile(path)
			if err == nil && json.Unmarshal(b, &got) == nil && len(find(got, ProbeLabel, p.step.Text)) == 1 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("no snapshot showing %q in %s: %v", p.step.Text, path, err)
			}
		}
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Fatalf("PublishProbe returned %v after its context ended", err)
		}
		if len(got.Items) != len(want.Items) {
			t.Errorf("the file lists %d items, Probe %d", len(got.Items), len(want.Items))
		}
		return got
	}
	publish()
	p.step.SetText("Step 2 of 8")
	publish()
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
	if err := PublishProbe(context.Background(), p.win.Canvas(), filepath.Join(dir, "missing", "probe.json"), time.Millisecond); err == nil {
		t.Error("a write into a missing directory did not fail")
	}
}
