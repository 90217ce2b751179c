package wizard

import (
	"bytes"
	"fmt"
	_ "image/jpeg" // decode the pictures shown as thumbnails
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"

	"github.com/enrolkiosk/enrolkiosk/capture/document"
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

// openFile asks the operator for a file with one of exts and hands its bytes to use.
func openFile(w fyne.Window, exts []string, use func([]byte, error)) {
	if w == nil {
		use(nil, fmt.Errorf("no window to show the file chooser in"))
		return
	}
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil || rc == nil {
			if err != nil {
				use(nil, err)
			}
			return
		}
		defer rc.Close()
		use(readImport(rc))
	}, w)
	d.SetFilter(storage.NewExtensionFileFilter(exts))
	// Fyne's own words ("Open File") read badly in Spanish ("Abrir Archivo"): the kiosk's.
	d.SetTitleText(lang.L("Choose the file to import"))
	d.SetConfirmText(lang.L("Import"))
	d.SetDismissText(lang.L("Cancel"))
	d.Show()
}
