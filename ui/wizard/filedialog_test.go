package wizard

import (
	"testing"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"

	"github.com/enrolkiosk/enrolkiosk/assets"
)

// TestFileDialogWordsAreTheKiosks: the import dialog's title and buttons, and the Fyne
// words the kiosk overrides, come from the kiosk's translations, in Spanish too.
func TestFileDialogWordsAreTheKiosks(t *testing.T) {
	test.NewTempApp(t)
	if err := lang.AddTranslationsFS(assets.Translations, "translations"); err != nil {
		t.Fatal(err)
	}
	w := test.NewTempWindow(t, nil)
	openFile(w, []string{".jpg"}, func([]byte, error) {})
	shown := map[string]bool{}
	for _, o := range w.Canvas().Overlays().List() {
		for _, s := range texts(o) {
			shown[s] = true
		}
	}
	for _, want := range []string{"Choose the file to import", "Import", "Cancel"} {
		if !shown[want] {
			t.Errorf("the file dialog does not show %q", want)
		}
	}
	if shown["Open File"] {
		t.Error("the file dialog shows Fyne's title")
	}
}
