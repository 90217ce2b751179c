package wizard

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"

	"github.com/enrolkiosk/enrolkiosk/ui/camerapreview"
)

// openTimeout bounds opening the camera for the preview.
const openTimeout = 10 * time.Second

// livePicture shows the camera live until a picture is taken, then the picture.
type livePicture struct {
	w       *Wizard
	preview *camerapreview.Preview // nil without a camera
	still   *canvas.Image
	guide   *framingGuide // the card outline or the face oval, over the live camera
	subject Subject       // what the camera is pointed at: the card or the face
	object  fyne.CanvasObject
	live    bool
	// opened, when set, runs on the UI goroutine after each camera opening is answered
	// (tests).
	opened func()
}

// newLivePicture shows the camera pointed at subject; the face is shown mirrored.
func newLivePicture(w *Wizard, size fyne.Size, subject Subject) *livePicture {
	mirror := subject == SubjectFace
	l := &livePicture{w: w, still: thumbnail(nil, size), subject: subject}
	if w.opts.Preview == nil {
		l.object = l.still
		return l
	}
	l.preview = camerapreview.New()
	l.preview.Mirror = mirror
	l.preview.Hide()
	l.guide = newFramingGuide(mirror) // the mirrored preview is the selfie's
	l.object = container.NewStack(l.preview, l.guide.object, l.still)
	return l
}

// show displays the picture b, or the live camera when b is empty.
func (l *livePicture) show(b []byte) {
	setThumbnail(l.still, b)
	if len(b) > 0 || l.preview == nil {
		l.stop()
		l.still.Show()
		return
	}
	l.still.Hide()
	l.start()
}

// start opens the camera off the UI goroutine and shows it.
func (l *livePicture) start() {
	if l.live || l.preview == nil {
		return
	}
	l.live = true
	l.preview.Show()
	l.guide.object.Show()
	l.preview.SetMessage(lang.L("Starting the camera…"))
	l.w.aim(l.subject)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), openTimeout)
		src, err := l.w.opts.Preview(ctx)
		cancel()
		fyne.Do(func() {
			switch {
			case !l.live:
			case err != nil:
				l.preview.SetMessage(lang.L("The camera is not available:") + " " + err.Error())
			default:
				l.preview.SetMessage("")
				l.preview.Start(src)
			}
			if l.opened != nil {
				l.opened()
			}
		})
	}()
}

// stop ends the preview, clearing it so no customer stays on screen.
func (l *livePicture) stop() {
	if !l.live {
		return
	}
	l.live = false
	l.preview.Stop()
	l.preview.Hide()
	l.guide.object.Hide()
}
