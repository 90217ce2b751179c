package main

import (
	"bytes"
	"context"
	"image"
	"image/draw"
	"log/slog"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/capture/document"
	"github.com/enrolkiosk/enrolkiosk/capture/video"
	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/enrol"
	"github.com/enrolkiosk/enrolkiosk/ui/wizard"
)

// skinShare is the share of skin-coloured pixels (a classic RGB rule) in the middle fifth
// of img, where the selfie's oval puts the face.
func skinShare(img image.Image) float64 {
	b := img.Bounds()
	rgba := image.NewRGBA(b)
	draw.Draw(rgba, b, img, b.Min, draw.Src)
	mid := image.Rect(b.Min.X+b.Dx()*2/5, b.Min.Y+b.Dy()*2/5, b.Min.X+b.Dx()*3/5, b.Min.Y+b.Dy()*3/5)
	var skin, n int
	for y := mid.Min.Y; y < mid.Max.Y; y++ {
		for x := mid.Min.X; x < mid.Max.X; x++ {
			i := rgba.PixOffset(x, y)
			r, g, bl := int(rgba.Pix[i]), int(rgba.Pix[i+1]), int(rgba.Pix[i+2])
			if r > 95 && g > 40 && bl > 20 && r-g > 15 && r > bl && max(r, g, bl)-min(r, g, bl) > 15 {
				skin++
			}
			n++
		}
	}
	return float64(skin) / float64(n)
}

// TestDemoCameraShowsAFaceToTheSelfie: demo mode's camera, aimed by the wizard, shows the
// face scene to the selfie step (a still it takes as its selfie, moving from frame to
// frame, and a video that records, decodes and carries frames for the whole clip) and
// the card to the document steps, whose quality checks it passes.
func TestDemoCameraShowsAFaceToTheSelfie(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	d, err := startDemo(ctx, dir, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	cfg := config.Default()
	cfg.Camera.VideoDuration.Duration = 2 * time.Second
	cfg = d.apply(cfg)
	if d.face == "" {
		t.Fatal("demo mode has no face scene")
	}
	cam := &lazyCamera{cfg: cfg.Camera, faceSource: d.face, logger: slog.New(slog.DiscardHandler)}
	defer cam.Close()

	cam.Aim(wizard.SubjectFace)
	first, err := cam.Still(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if share := skinShare(first); share < 0.5 {
		t.Errorf("the selfie's middle is %.0f%% skin: no face", share*100)
	}
	selfie, err := enrol.SelfieJPEG(ctx, first)
	if err != nil || len(selfie) == 0 {
		t.Fatalf("the demo face is not a selfie: %v", err)
	}
	time.Sleep(300 * time.Millisecond) // a few frames on, at 15 per second
	later, err := cam.Still(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(first.(*image.YCbCr).Y, later.(*image.YCbCr).Y) {
		t.Error("the face does not move: two stills 300 ms apart are the same")
	}
	clip, err := cam.Record(ctx, func(elapsed, total time.Duration) {})
	if err != nil {
		t.Fatalf("record the demo face: %v", err)
	}
	info, err := video.Inspect(ctx, clip)
	if err != nil {
		t.Fatalf("the demo face's video: %v", err)
	}
	t.Logf("video %+v", info)
	if info.Frames < 20 || info.Duration < 1800*time.Millisecond || info.Bytes > cfg.Camera.VideoMaxBytes {
		t.Errorf("the demo face's video: %+v", info)
	}

	cam.Aim(wizard.SubjectDocument)
	card, err := cam.Still(ctx)
	if err != nil {
		t.Fatal(err)
	}
	res, err := document.ProcessImage(ctx, card, document.DefaultOptions())
	if err != nil || !res.OK {
		t.Fatalf("the demo card after the face: %v, quality %+v", err, res.Measures)
	}
	if share := skinShare(card); share > 0.2 {
		t.Errorf("the document step sees %.0f%% skin in the middle: the face, not the card", share*100)
	}
}
