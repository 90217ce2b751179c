package camerapreview

import (
	"context"
	"errors"
	"image"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/enrolkiosk/enrolkiosk/capture/camera"
)

// waitFor polls cond on the UI goroutine; the deadline only turns a hang into a failure.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var ok bool
		fyne.DoAndWait(func() { ok = cond() })
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestPreviewShowsFramesScaledToTheWidget(t *testing.T) {
	test.NewTempApp(t)
	cam, err := camera.Open(context.Background(), camera.SourceVideoTest, "", camera.Options{Size: camera.Size{Width: 640, Height: 480}})
	if err != nil {
		t.Fatal(err)
	}
	defer cam.Close()
	p := New()
	w := test.NewWindow(p)
	defer w.Close()
	w.Resize(fyne.NewSize(340, 260))
	p.Resize(fyne.NewSize(320, 240))
	p.Start(cam)
	waitFor(t, "three frames", func() bool { return p.Shown() >= 3 })
	var size image.Point
	fyne.DoAndWait(func() { size = p.img.Image.Bounds().Size() })
	if size != (image.Point{320, 240}) {
		t.Fatalf("frames shown at %v, want 320x240 (the widget's size)", size)
	}
	p.Stop()
	fyne.DoAndWait(func() { size = p.img.Image.Bounds().Size() })
	if size != (image.Point{1, 1}) {
		t.Fatalf("after Stop the picture is %v, want it cleared", size)
	}
}

func TestPreviewReportsACameraThatStops(t *testing.T) {
	test.NewTempApp(t)
	cam, err := camera.Open(context.Background(), camera.SourceVideoTest, "", camera.Options{Size: camera.Size{Width: 160, Height: 120}})
	if err != nil {
		t.Fatal(err)
	}
	p := New()
	w := test.NewWindow(p)
	defer w.Close()
	got := make(chan error, 1)
	p.OnStopped = func(err error) { got <- err }
	p.Start(&lostSource{Camera: cam})
	waitFor(t, "a frame", func() bool { return p.Shown() >= 1 })
	_ = cam.Close()
	if err := <-got; !errors.Is(err, camera.ErrCameraLost) {
		t.Fatalf("OnStopped got %v", err)
	}
	waitFor(t, "the message", func() bool { return p.message.Visible() && p.message.Text != "" })
	p.Stop()
}

// lostSource reports the camera as lost once it stops, as an unplugged camera does.
type lostSource struct{ *camera.Camera }

func (l *lostSource) Err() error {
	if err := l.Camera.Err(); err != nil {
		return camera.ErrCameraLost
	}
	return nil
}

func TestFitKeepsAspectAndNeverEnlarges(t *testing.T) {
	cases := []struct {
		frame image.Rectangle
		box   image.Point
		want  image.Point
	}{
		{image.Rect(0, 0, 1280, 720), image.Point{640, 480}, image.Point{640, 360}},
		{image.Rect(0, 0, 640, 480), image.Point{1920, 1080}, image.Point{640, 480}},
		{image.Rect(0, 0, 640, 480), image.Point{300, 100}, image.Point{133, 100}},
		{image.Rect(0, 0, 640, 480), image.Point{}, image.Point{640, 480}},
	}
	for _, c := range cases {
		if got := fit(c.frame, c.box); got != c.want {
			t.Errorf("fit(%v, %v) = %v, want %v", c.frame, c.box, got, c.want)
		}
	}
}

func TestToDisplayMirrors(t *testing.T) {
	src := image.NewYCbCr(image.Rect(0, 0, 4, 2), image.YCbCrSubsampleRatio444)
	for i := range src.Cb {
		src.Cb[i], src.Cr[i] = 128, 128
	}
	src.Y[0] = 255 // top-left white, the rest black
	plain := toDisplay(src, image.Point{4, 2}, false)
	mirrored := toDisplay(src, image.Point{4, 2}, true)
	if plain.RGBAAt(0, 0).R != 255 || plain.RGBAAt(3, 0).R != 0 {
		t.Fatalf("plain: %v %v", plain.RGBAAt(0, 0), plain.RGBAAt(3, 0))
	}
	if mirrored.RGBAAt(3, 0).R != 255 || mirrored.RGBAAt(0, 0).R != 0 {
		t.Fatalf("mirrored: %v %v", mirrored.RGBAAt(0, 0), mirrored.RGBAAt(3, 0))
	}
}

func TestCountdownAndRecordingIndicator(t *testing.T) {
	test.NewTempApp(t)
	p := New()
	w := test.NewWindow(p)
	defer w.Close()
	p.SetCountdown(3)
	p.SetRecording(true, 2500*time.Millisecond)
	if p.countdown.Text != "3" || !p.rec.Visible() || p.recText.Text != "REC 00:02" {
		t.Fatalf("countdown %q, rec visible %v %q", p.countdown.Text, p.rec.Visible(), p.recText.Text)
	}
	p.SetCountdown(0)
	p.SetRecording(false, 0)
	if p.countdown.Text != "" || p.rec.Visible() {
		t.Fatal("countdown or indicator still shown")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := p.RunCountdown(ctx, 3); !errors.Is(err, context.Canceled) {
		t.Fatalf("RunCountdown after cancel: %v", err)
	}
	waitFor(t, "the countdown hidden", func() bool { return p.countdown.Text == "" })
}
