package filechooser

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/assets"
	"github.com/enrolkiosk/enrolkiosk/ui/internal/uitest"
)

// inLanguage switches the translations to language ("en", "es") for the test, and back
// to English after it.
func inLanguage(t *testing.T, language string) {
	t.Helper()
	// Registered before Setenv, so it runs after the variable is restored.
	t.Cleanup(func() {
		if err := lang.AddTranslationsFS(assets.Translations, "translations"); err != nil {
			t.Error(err)
		}
	})
	t.Setenv("LANGUAGE", language)
	if err := lang.AddTranslationsFS(assets.Translations, "translations"); err != nil {
		t.Fatal(err)
	}
}

// translations reads the kiosk's table for language.
func translations(t *testing.T, language string) map[string]string {
	t.Helper()
	b, err := assets.Translations.ReadFile("translations/" + language + ".json")
	if err != nil {
		t.Fatal(err)
	}
	var tr map[string]string
	if err := json.Unmarshal(b, &tr); err != nil {
		t.Fatal(err)
	}
	return tr
}

// notSpanish lists the texts shown over c that are neither data (a file or folder name,
// a path) nor a Spanish text of the kiosk's translations.
func notSpanish(t *testing.T, c fyne.Canvas, data map[string]bool) []string {
	t.Helper()
	es := translations(t, "es")
	spanish := map[string]bool{}
	for k, v := range es {
		if v != k { // a text English and Spanish share ("OK") is not proof
			spanish[v] = true
		}
	}
	var bad []string
	roots := append([]fyne.CanvasObject{c.Content()}, c.Overlays().List()...)
	for _, root := range roots {
		for _, s := range uitest.Texts(root) {
			if s != "" && !data[s] && !spanish[s] && !joined(s, spanish) {
				bad = append(bad, s)
			}
		}
	}
	return bad
}

// joined reports whether s is two texts of set joined by a space ("No se puede leer esta
// carpeta:" and its reason).
func joined(s string, set map[string]bool) bool {
	for i, r := range s {
		if r == ' ' && set[s[:i]] && set[s[i+1:]] {
			return true
		}
	}
	return false
}

// fixture makes a folder with a subfolder, two images (one in capitals), a text file and
// a hidden image, named in Spanish so that no name passes for an English label.
func fixture(t *testing.T) (dir string, data map[string]bool) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "escaneos")
	for _, d := range []string{dir, filepath.Join(dir, "fotos")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"cedula.jpg", "Reverso.PNG", "notas.txt", ".oculta.jpg", "fotos/selfie.jpeg"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir, map[string]bool{dir: true, filepath.Join(dir, "fotos"): true, "fotos": true, "cedula.jpg": true, "Reverso.PNG": true, "selfie.jpeg": true}
}

// listings counts the chooser's listings as they are shown.
type listings chan struct{}

func (l listings) hook() { l <- struct{}{} }

// wait waits for the next listing to be on screen.
func (l listings) wait(t *testing.T) {
	t.Helper()
	select {
	case <-l:
	case <-time.After(10 * time.Second):
		t.Fatal("the folder was not listed")
	}
}

func names(c *Chooser) []string {
	var out []string
	for _, e := range c.entries {
		out = append(out, e.name)
	}
	return out
}

// TestEveryWordIsSpanish walks the whole import dialog in Spanish (the places, the
// folder row, the list, the buttons, an empty folder's note) and fails on any text that
// is not the kiosk's Spanish, as Fyne's own dialog shows "Home", "Computer", "(Padre)".
func TestEveryWordIsSpanish(t *testing.T) {
	test.NewTempApp(t)
	inLanguage(t, "es")
	dir, data := fixture(t)
	home, _ := os.UserHomeDir()
	for _, p := range DefaultPlaces() {
		data[p.Dir], data[home] = true, true
	}
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1000, 700))
	l := make(listings, 4)
	c := show(w, Options{Title: lang.L("Choose the file to import"), Confirm: lang.L("Import"), Extensions: []string{".jpg", ".png"}, Start: dir}, func(string) {}, l.hook)
	l.wait(t)
	if len(c.opts.Places) == 0 {
		t.Fatal("no places offered")
	}
	if bad := notSpanish(t, w.Canvas(), data); len(bad) > 0 {
		t.Errorf("the chooser shows texts that are not Spanish: %q", bad)
	}
	shown := map[string]bool{}
	for _, s := range uitest.Texts(w.Canvas().Overlays().Top()) {
		shown[s] = true
	}
	for _, want := range []string{"Elija el archivo que desea importar", "Importar", "Cancelar", "Carpeta superior", "Carpeta personal", "cedula.jpg", "fotos"} {
		if !shown[want] {
			t.Errorf("the chooser does not show %q (it shows %v)", want, shown)
		}
	}
	// An empty folder, and one that does not exist, say so in Spanish.
	empty := filepath.Join(dir, "vacia")
	if err := os.Mkdir(empty, 0o700); err != nil {
		t.Fatal(err)
	}
	data[empty], data[filepath.Join(dir, "no-existe")] = true, true
	for _, folder := range []string{empty, filepath.Join(dir, "no-existe")} {
		c.open(folder)
		l.wait(t)
		if !c.note.Visible() || c.note.Text == "" {
			t.Fatalf("%s: no note", folder)
		}
		if bad := notSpanish(t, w.Canvas(), data); len(bad) > 0 {
			t.Errorf("%s: texts that are not Spanish: %q", folder, bad)
		}
	}
	if c.note.Text != "No se puede leer esta carpeta: ya no existe" {
		t.Errorf("a missing folder says %q", c.note.Text)
	}
}

// TestTheCheckCatchesEnglish: the walk above fails on Fyne's own place names, so it
// would catch a word left in English.
func TestTheCheckCatchesEnglish(t *testing.T) {
	test.NewTempApp(t)
	inLanguage(t, "es")
	w := test.NewTempWindow(t, container.NewVBox(widget.NewButton("Home", nil), widget.NewLabel("Importar"), widget.NewLabel("(Padre)")))
	bad := notSpanish(t, w.Canvas(), nil)
	if len(bad) != 2 || bad[0] != "Home" || bad[1] != "(Padre)" {
		t.Fatalf("the check found %q, want Home and (Padre)", bad)
	}
}

// TestListsFoldersThenOfferedFiles: folders first, then the files with an offered
// extension (in any case), hidden ones left out; a folder opens on selection, Up one
// folder goes back, and Import stays disabled until a file is chosen.
func TestListsFoldersThenOfferedFiles(t *testing.T) {
	test.NewTempApp(t)
	dir, _ := fixture(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1000, 700))
	l := make(listings, 4)
	var got []string
	c := show(w, Options{Title: "Choose", Confirm: "Import", Extensions: []string{".jpg", ".jpeg", ".png"}, Start: dir}, func(p string) { got = append(got, p) }, l.hook)
	l.wait(t)
	if n := names(c); len(n) != 3 || n[0] != "fotos" || n[1] != "cedula.jpg" || n[2] != "Reverso.PNG" {
		t.Fatalf("listed %q", n)
	}
	if !c.confirm.Disabled() {
		t.Fatal("Import is enabled before a file is chosen")
	}
	c.list.Select(0)
	l.wait(t)
	if c.dir != filepath.Join(dir, "fotos") || len(c.entries) != 1 || c.entries[0].name != "selfie.jpeg" {
		t.Fatalf("opening the folder shows %s: %q", c.dir, names(c))
	}
	test.Tap(c.up)
	l.wait(t)
	if c.dir != dir {
		t.Fatalf("Up one folder went to %s", c.dir)
	}
	c.list.Select(2)
	if c.confirm.Disabled() {
		t.Fatal("Import is disabled with a file chosen")
	}
	test.Tap(c.confirm)
	if len(got) != 1 || got[0] != filepath.Join(dir, "Reverso.PNG") {
		t.Fatalf("chose %q", got)
	}
	if w.Canvas().Overlays().Top() != nil {
		t.Error("the dialog stayed up after Import")
	}
}

// TestPlacesOpenTheirFolder: a place's button shows its folder.
func TestPlacesOpenTheirFolder(t *testing.T) {
	test.NewTempApp(t)
	dir, _ := fixture(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	l := make(listings, 4)
	c := show(w, Options{Title: "Choose", Confirm: "Import", Extensions: []string{".jpg"},
		Places: []Place{{Name: "Scans", Dir: dir}, {Name: "Photos", Dir: filepath.Join(dir, "fotos")}}}, func(string) {}, l.hook)
	l.wait(t)
	if c.dir != dir {
		t.Fatalf("opened at %s, not the first place", c.dir)
	}
	test.Tap(c.places[1])
	l.wait(t)
	if c.dir != filepath.Join(dir, "fotos") || len(c.entries) != 0 {
		t.Fatalf("the second place shows %s: %q", c.dir, names(c))
	}
	if c.note.Text != "Nothing to import in this folder" {
		t.Errorf("an empty listing says %q", c.note.Text)
	}
}
