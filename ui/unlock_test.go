package ui

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/config"
)

// TestUnlockAsksForThePassphrase: a device key sealed by a passphrase the configuration
// does not give is unlocked from the Enrol section; a wrong one is shown and can be
// typed again.
func TestUnlockAsksForThePassphrase(t *testing.T) {
	test.NewTempApp(t)
	tried := make(chan string, 2)
	s := newEnrolSection(Deps{
		Config: config.Default(), DataDir: t.TempDir(),
		StoreErr: errors.New("the device key is protected by a passphrase and none was given"),
		UnlockStore: func(p string) error {
			tried <- p
			if p != "right one" {
				return errors.New("wrong passphrase for the device key")
			}
			return nil
		},
	})
	test.NewTempWindow(t, s.object)
	var entry *widget.Entry
	walkObjects(s.object, func(o fyne.CanvasObject) {
		if e, ok := o.(*widget.Entry); ok && e.Password {
			entry = e
		}
	})
	if entry == nil {
		t.Fatal("no passphrase entry on screen")
	}
	b := findButtonIn(t, s.object, "Unlock")
	for _, p := range []string{"guess", "right one"} {
		done := make(chan struct{})
		s.recovered = func() { close(done) }
		test.Type(entry, p)
		test.Tap(b)
		if got := <-tried; got != p {
			t.Fatalf("unlocked with %q, typed %q", got, p)
		}
		<-done
		if entry.Text != "" {
			t.Error("the passphrase stays in the entry")
		}
	}
	var shown []string
	walkObjects(s.object, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			shown = append(shown, l.Text)
		}
	})
	if !strings.Contains(strings.Join(shown, "|"), "Unlocked") {
		t.Fatalf("after the right passphrase the row shows %q", shown)
	}
}
