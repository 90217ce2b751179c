package wizard

import (
	"context"
	"errors"
	"image"
	"slices"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/enrolkiosk/enrolkiosk/capture/document"
)

// aimedCamera is a fake Aimer: it records what it is aimed at, and what it was aimed at
// when each Still and Record came.
type aimedCamera struct {
	mu       sync.Mutex
	aimed    Subject
	previews []Subject
	stills   []Subject
	records  []Subject
}

var _ Aimer = (*aimedCamera)(nil)

func (c *aimedCamera) Aim(s Subject) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.aimed = s
}

func (c *aimedCamera) Still(context.Context) (image.Image, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stills = append(c.stills, c.aimed)
	return image.NewRGBA(image.Rect(0, 0, 64, 48)), nil
}

func (c *aimedCamera) Record(context.Context, func(elapsed, total time.Duration)) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.records = append(c.records, c.aimed)
	return nil, errors.New("no video in this test")
}

// TestStepsAimTheCamera: the ID steps aim the camera at the document and the selfie step
// at the face, before the preview opens and before each still and recording, so a camera
// that shows a scene per subject (demo mode's) shows the right one.
func TestStepsAimTheCamera(t *testing.T) {
	newSerialApp(t)
	cam := &aimedCamera{}
	w := New(Options{
		Store: newFakeStore(), Profile: "oneshot", Branch: "quito-1", Operator: func() string { return "rao-7" },
		Device: "inst-1", Terms: Terms{Version: "T-1", Text: "I accept."}, Document: document.DefaultOptions(),
		Camera: cam,
		Preview: func(context.Context) (PreviewSource, error) {
			cam.mu.Lock()
			defer cam.mu.Unlock()
			cam.previews = append(cam.previews, cam.aimed)
			return nil, errors.New("no preview in this test")
		},
	})
	win := test.NewTempWindow(t, w.Object())
	win.Resize(fyne.NewSize(1000, 720))
	front, rear := w.steps[1].(*documentStep), w.steps[2].(*documentStep)
	selfie := w.steps[3].(*selfieStep)
	// Each answer comes from another goroutine: wait for it before going on.
	wait(t, &front.pic.opened, func() { w.goTo(1) })
	wait(t, &front.proposed, front.takePhoto)
	wait(t, &selfie.pic.opened, func() { w.goTo(3) })
	wait(t, &selfie.captured, selfie.takeStill)
	waitBoth(t, &selfie.pic.opened, &selfie.captured, selfie.recordVideo) // it shows the camera live, then records
	wait(t, &rear.pic.opened, func() { w.goTo(2) })
	wait(t, &rear.proposed, rear.takePhoto)
	cam.mu.Lock()
	defer cam.mu.Unlock()
	doc, face := SubjectDocument, SubjectFace
	if !slices.Equal(cam.previews, []Subject{doc, face, face, doc}) {
		t.Errorf("the previews opened aimed at %v", cam.previews)
	}
	if !slices.Equal(cam.stills, []Subject{doc, face, doc}) || !slices.Equal(cam.records, []Subject{face}) {
		t.Errorf("stills taken aimed at %v, the recording at %v", cam.stills, cam.records)
	}
}
