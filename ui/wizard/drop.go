package wizard

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"github.com/enrolkiosk/enrolkiosk/capture/document"
)

// errDropOne is shown when several files are dropped at once; its text is a
// translation key.
var errDropOne = errors.New("Drop one image file at a time.")

// dropped takes files dropped on the window: on an ID document step, as if imported
// with the file dialog; anywhere else they are ignored.
func (w *Wizard) dropped(_ fyne.Position, uris []fyne.URI) {
	fyne.Do(func() {
		s, ok := w.steps[w.index].(*documentStep)
		if !ok || !w.stepView.Visible() || w.Signing() {
			return
		}
		w.touch()
		s.drop(uris)
	})
}

// drop imports one dropped file through the file dialog's checks: its extension, the
// size limit, then the document pipeline's refusals and the crop.
func (s *documentStep) drop(uris []fyne.URI) {
	if len(uris) != 1 {
		s.w.errText.SetText(lang.L(errDropOne.Error()))
		return
	}
	u := uris[0]
	if !slices.Contains(document.Extensions(), strings.ToLower(u.Extension())) {
		s.w.errText.SetText(lang.L("The picture could not be used:") + " " +
			fmt.Sprintf("%s (%s)", u.Name(), strings.Join(document.Extensions(), ", ")))
		return
	}
	rc, err := storage.Reader(u)
	if err != nil {
		s.w.errText.SetText(lang.L("The picture could not be used:") + " " + err.Error())
		return
	}
	defer rc.Close()
	b, err := readImport(rc)
	if err != nil {
		s.w.errText.SetText(lang.L("The picture could not be used:") + " " + err.Error())
		return
	}
	s.propose(s.decodeImport(b))
}
