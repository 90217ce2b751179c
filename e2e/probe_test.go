//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/ui"
)

// waitTimeout bounds every wait for something to appear on screen.
const waitTimeout = 30 * time.Second

// pollEvery is how often the probe's file is read while waiting.
const pollEvery = 20 * time.Millisecond

// screen reads what the app shows from its UI probe (ui.PublishProbe, turned on with
// ui.ProbeEnv) and acts on it with xdotool: widgets are found by what they show, and every
// action waits for its target to be on screen instead of sleeping. The helpers take the
// app's English texts and look for them in the language the app runs in (words).
type screen struct {
	t      *testing.T
	d      *display
	path   string      // the probe's file
	origin image.Point // the window content's top-left corner on the X screen
	words  words       // the app's language; the zero value is English
	last   ui.ProbeSnapshot
}

// probeEnv returns the environment entry that makes the app write its probe into dir.
func probeEnv(dir string) (env, path string) {
	path = filepath.Join(dir, "ui-probe.json")
	return ui.ProbeEnv + "=" + path, path
}

// snapshot reads the probe's latest snapshot; a file not written yet is an empty one.
func (s *screen) snapshot() ui.ProbeSnapshot {
	s.t.Helper()
	b, err := os.ReadFile(s.path)
	if os.IsNotExist(err) {
		return ui.ProbeSnapshot{}
	}
	if err != nil {
		s.t.Fatalf("read the UI probe: %v", err)
	}
	var snap ui.ProbeSnapshot
	if err := json.Unmarshal(b, &snap); err != nil {
		s.t.Fatalf("the UI probe's file is not a snapshot (it is replaced atomically): %v", err)
	}
	s.last = snap
	return snap
}

// find waits until the screen shows items matching match and returns those on the top
// layer (a pop-up covers what is under it).
func (s *screen) find(what string, match func(ui.ProbeItem) bool) []ui.ProbeItem {
	s.t.Helper()
	for deadline := time.Now().Add(waitTimeout); ; time.Sleep(pollEvery) {
		var got []ui.ProbeItem
		for _, it := range s.snapshot().Items {
			if !match(it) {
				continue
			}
			if len(got) > 0 && it.Layer > got[0].Layer {
				got = got[:0]
			}
			if len(got) == 0 || it.Layer == got[0].Layer {
				got = append(got, it)
			}
		}
		if len(got) > 0 {
			return got
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("%s did not appear within %v; the screen shows: %s", what, waitTimeout, s.texts())
		}
	}
}

// within reports whether the screen shows an item matching match within d.
func (s *screen) within(d time.Duration, match func(ui.ProbeItem) bool) bool {
	s.t.Helper()
	for deadline := time.Now().Add(d); time.Now().Before(deadline); time.Sleep(pollEvery) {
		for _, it := range s.snapshot().Items {
			if match(it) {
				return true
			}
		}
	}
	return false
}

// one is find for a single item: two matches on the top layer fail the test.
func (s *screen) one(what string, match func(ui.ProbeItem) bool) ui.ProbeItem {
	s.t.Helper()
	got := s.find(what, match)
	if len(got) > 1 {
		s.t.Fatalf("%s is shown %d times: %+v", what, len(got), got)
	}
	return got[0]
}

// texts lists what the last snapshot showed, for failure messages.
func (s *screen) texts() string {
	var b strings.Builder
	for _, it := range s.last.Items {
		fmt.Fprintf(&b, "\n  %s %q at %v,%v", it.Kind, shows(it), it.X, it.Y)
		if it.Focused {
			b.WriteString(" (focused)")
		}
	}
	return b.String()
}

// shows is what an item displays: its text, or its placeholder while empty.
func shows(it ui.ProbeItem) string {
	if it.Text == "" {
		return it.PlaceHolder
	}
	return it.Text
}

// waitText waits until some item shows exactly text (translated).
func (s *screen) waitText(text string) ui.ProbeItem {
	s.t.Helper()
	text = s.words.tr(text)
	return s.find(fmt.Sprintf("%q", text), func(it ui.ProbeItem) bool { return shows(it) == text })[0]
}

// waitPrefix waits until some item shows a text starting with prefix (as it is shown:
// words.lead gives the shown start of a translated text).
func (s *screen) waitPrefix(prefix string) ui.ProbeItem {
	s.t.Helper()
	return s.find(fmt.Sprintf("a text starting %q", prefix), func(it ui.ProbeItem) bool {
		return strings.HasPrefix(shows(it), prefix)
	})[0]
}

// gone waits until no item shows text (translated): a message the screen shows while it
// gets ready.
func (s *screen) gone(text string) {
	s.t.Helper()
	text = s.words.tr(text)
	for deadline := time.Now().Add(waitTimeout); ; time.Sleep(pollEvery) {
		still := false
		for _, it := range s.snapshot().Items {
			still = still || shows(it) == text
		}
		if !still {
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("%q is still shown after %v; the screen shows: %s", text, waitTimeout, s.texts())
		}
	}
}

// waitContains waits until some item shows a text containing part (as it is shown): a
// row whose wording around an id may change.
func (s *screen) waitContains(part string) ui.ProbeItem {
	s.t.Helper()
	return s.find(fmt.Sprintf("a text containing %q", part), func(it ui.ProbeItem) bool {
		return strings.Contains(shows(it), part)
	})[0]
}

// clickText waits until exactly one enabled item shows text (translated, on the top
// layer) and clicks its centre.
func (s *screen) clickText(text string) {
	s.t.Helper()
	s.clickShown(s.words.tr(text))
}

// clickShown is clickText for a text as it is shown.
func (s *screen) clickShown(text string) {
	s.t.Helper()
	s.click(s.one(fmt.Sprintf("an enabled %q", text), func(it ui.ProbeItem) bool {
		return shows(it) == text && !it.Disabled && it.Kind != ui.ProbeLabel
	}))
}

// check ticks the check showing text and waits until it is drawn ticked.
func (s *screen) check(text string) {
	s.t.Helper()
	text = s.words.tr(text)
	s.clickShown(text)
	s.one(fmt.Sprintf("the ticked check %q", text), func(it ui.ProbeItem) bool {
		return it.Kind == ui.ProbeCheck && it.Text == text && it.Checked
	})
}

// choose opens the select showing placeholder, picks option from its menu and waits until
// the select shows it.
func (s *screen) choose(placeholder, option string) {
	s.t.Helper()
	option = s.words.tr(option)
	s.clickText(placeholder)
	s.clickShown(option)
	s.one(fmt.Sprintf("the select showing %q", option), func(it ui.ProbeItem) bool {
		return it.Kind == ui.ProbeSelect && it.Text == option && it.Layer == 0
	})
}

// typeInto clicks the entry named name (translated: its placeholder, or the label above
// it, with or without the required mark " *"), types value and waits until the entry shows it.
func (s *screen) typeInto(name, value string) {
	s.t.Helper()
	// The form may scroll a field it focuses into view: the focused entry is the one in
	// e's column, wherever it moved to, but not the entry that had the focus before the
	// click (the field above, in the same column, keeps it until the click is handled),
	// unless that is e itself (a screen's first field has the focus when it opens).
	// A click that came while the form was still moving under the wheel is tried again on
	// the entry where it is now.
	var e, before ui.ProbeItem
	for _, it := range s.snapshot().Items {
		if it.Kind == ui.ProbeEntry && it.Focused {
			before = it
		}
	}
	focused := func(it ui.ProbeItem) bool {
		was := before.Focused && before.Y != e.Y && it.Y == before.Y && it.Text == before.Text
		return it.Kind == ui.ProbeEntry && it.X == e.X && it.Focused && !was
	}
	for try := 0; ; try++ {
		e = s.entry(name)
		s.click(e)
		if try == 2 || s.within(5*time.Second, focused) {
			break
		}
	}
	s.one(fmt.Sprintf("the focused entry %q", name), focused)
	s.d.xdotool(s.t, "type", "--delay", "15", value)
	want := value
	if e.Password {
		want = strings.Repeat("•", len([]rune(value)))
	}
	s.one(fmt.Sprintf("the entry %q showing %q", name, value), func(it ui.ProbeItem) bool {
		return it.Kind == ui.ProbeEntry && it.X == e.X && it.Focused && it.Text == want
	})
}

// entry finds the entry named name. When its label is on screen but the entry under it is
// scrolled out of view, it scrolls the form with the mouse wheel over the label, as a
// person does, until the entry shows.
func (s *screen) entry(name string) ui.ProbeItem {
	s.t.Helper()
	name = s.words.tr(name)
	for tries := 0; ; tries++ {
		var found, label ui.ProbeItem
		s.find(fmt.Sprintf("the entry %q", name), func(it ui.ProbeItem) bool {
			switch {
			case it.Kind == ui.ProbeEntry && it.PlaceHolder == name && it.Text == "":
				found = it
				return true
			case it.Kind == ui.ProbeLabel && (it.Text == name || it.Text == name+" *"):
				if e := s.nearestBelow(it); e.Kind == ui.ProbeEntry {
					found = e
				} else {
					label = it
				}
				return true
			}
			return false
		})
		if found.Kind == ui.ProbeEntry {
			return found
		}
		if tries == 10 {
			s.t.Fatalf("the entry %q stays out of view after scrolling; the screen shows: %s", name, s.texts())
		}
		p := s.pixel(label.X+label.Width/2, label.Y+label.Height/2)
		s.d.xdotool(s.t, "mousemove", fmt.Sprint(p.X), fmt.Sprint(p.Y), "click", "5")
		s.find(fmt.Sprintf("the label %q moved by the wheel", name), func(it ui.ProbeItem) bool {
			return it.Kind == ui.ProbeLabel && it.Text == label.Text && it.Y != label.Y
		})
	}
}

// scrollUpTo scrolls the form up with the mouse wheel over one of its field labels (those
// with the required mark " *"), as a person does, until the label name (translated, with
// or without the mark) is on screen.
func (s *screen) scrollUpTo(name string) {
	s.t.Helper()
	name = s.words.tr(name)
	shown := func(it ui.ProbeItem) bool {
		return it.Kind == ui.ProbeLabel && it.Layer == 0 && (it.Text == name || it.Text == name+" *")
	}
	for tries := 0; !s.within(300*time.Millisecond, shown); tries++ {
		if tries == 10 {
			s.t.Fatalf("the label %q stays out of view after scrolling up; the screen shows: %s", name, s.texts())
		}
		l := s.find("a field label", func(it ui.ProbeItem) bool {
			return it.Kind == ui.ProbeLabel && it.Layer == 0 && strings.HasSuffix(it.Text, " *")
		})[0]
		p := s.pixel(l.X+l.Width/2, l.Y+l.Height/2)
		s.d.xdotool(s.t, "mousemove", fmt.Sprint(p.X), fmt.Sprint(p.Y), "click", "--repeat", "3", "4")
	}
}

// unfocus clicks the text heading (translated), which takes no focus, and waits until
// nothing has the keyboard focus: no focus ring is drawn for a field scrolled out of view.
func (s *screen) unfocus(heading string) {
	s.t.Helper()
	s.click(s.waitText(heading))
	for deadline := time.Now().Add(waitTimeout); ; time.Sleep(pollEvery) {
		focused := false
		for _, it := range s.snapshot().Items {
			focused = focused || it.Focused
		}
		if !focused {
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("a widget keeps the focus after a click on %q; the screen shows: %s", heading, s.texts())
		}
	}
}

// nearestBelow returns the entry drawn closest under the label l, in its column.
func (s *screen) nearestBelow(l ui.ProbeItem) ui.ProbeItem {
	var best ui.ProbeItem
	for _, it := range s.last.Items {
		if it.Kind == ui.ProbeEntry && it.Layer == l.Layer && below(l, it) && (best.Kind == "" || it.Y < best.Y) {
			best = it
		}
	}
	return best
}

// below reports whether it starts under l and overlaps l's left edge horizontally.
func below(l, it ui.ProbeItem) bool {
	return it.Y >= l.Y+l.Height-1 && it.X <= l.X+1 && it.X+it.Width > l.X
}

// pixel returns where on the X screen the canvas point (x, y) is.
func (s *screen) pixel(x, y float32) image.Point {
	scale := s.last.Scale
	if scale == 0 {
		scale = 1
	}
	return s.origin.Add(image.Pt(int(x*scale+0.5), int(y*scale+0.5)))
}

// click clicks the centre of it.
func (s *screen) click(it ui.ProbeItem) {
	s.t.Helper()
	p := s.pixel(it.X+it.Width/2, it.Y+it.Height/2)
	s.d.xdotool(s.t, "mousemove", fmt.Sprint(p.X), fmt.Sprint(p.Y), "click", "1")
}
