package wizard

import (
	"bytes"
	"fmt"
	_ "image/jpeg" // decode the pictures shown as thumbnails
	"io"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/lang"

	"github.com/enrolkiosk/enrolkiosk/capture/document"
	"github.com/enrolkiosk/enrolkiosk/ui/filechooser"
)

// maxImport bounds a file imported from disk: larger files are refused before reading.
const maxImport = 64 << 20

// thumbnail shows JPEG or PNG bytes scaled to fit, or nothing.
func thumbnail(b []byte, size fyne.Size) *canvas.Image {
	img := canvas.NewImageFromReader(bytes.NewReader(b), "evidence")
	if len(b) == 0 {
		img = canvas.NewImageFromImage(nil)
	}
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(size)
	return img
}

// setThumbnail replaces the picture shown by img, decoded at the size it is shown (twice
// its minimum size, for a HiDPI screen or a larger window), not at the document's 2000 px.
func setThumbnail(img *canvas.Image, b []byte) {
	img.Resource, img.File = nil, ""
	img.Image = nil
	if len(b) > 0 {
		size := img.MinSize()
		if decoded, err := document.Preview(b, 2*int(max(size.Width, size.Height))); err == nil {
			img.Image = decoded
		}
	}
	img.Refresh()
}

// readImport reads an imported file, refusing one larger than maxImport.
func readImport(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxImport+1))
	if err == nil && len(b) > maxImport {
		err = fmt.Errorf("%s", lang.L("The file is larger than 64 MiB: choose a smaller one"))
	}
	return b, err
}

// openFile asks the operator for a file with one of exts, in the kiosk's own chooser (its
// words all the kiosk's, in Spanish too), and hands its bytes to use. The chooser opens
// where the last import was taken from.
func (w *Wizard) openFile(exts []string, use func([]byte, error)) {
	win := w.opts.Window
	if win == nil {
		use(nil, fmt.Errorf("no window to show the file chooser in"))
		return
	}
	filechooser.Show(win, filechooser.Options{
		Title: lang.L("Choose the file to import"), Confirm: lang.L("Import"), Extensions: exts, Start: w.importDir,
	}, func(path string) {
		w.importDir = filepath.Dir(path)
		f, err := os.Open(path)
		if err != nil {
			use(nil, fmt.Errorf("open %s: %w", filepath.Base(path), err))
			return
		}
		defer f.Close() // read only
		use(readImport(f))
	})
}
