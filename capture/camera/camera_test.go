package camera

import (
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// bounded gives each test a deadline far above what it needs, so a bug fails instead of
// hanging; nothing asserts on time.
func bounded(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestVideoTestDeliversFramesAndStillsOfTheRequestedSize(t *testing.T) {
	ctx := bounded(t)
	for _, size := range []Size{{}, {320, 240}, {1280, 720}} {
		cam, err := Open(ctx, SourceVideoTest, "", Options{Size: size})
		if err != nil {
			t.Fatal(err)
		}
		want := size
		if want.Area() == 0 {
			want = Size{640, 480} // the only mode videotest offers
		}
		if cam.Size() != want || cam.Label() != "VideoTest" {
			t.Fatalf("opened %q at %v, want VideoTest at %v", cam.Label(), cam.Size(), want)
		}
		sub := cam.Subscribe(4)
		var last uint64
		for i := 0; i < 3; i++ {
			f := <-sub.C
			if f.Seq <= last || f.Image.Bounds().Dx() != want.Width {
				t.Fatalf("frame %d: seq %d after %d, %v", i, f.Seq, last, f.Image.Bounds())
			}
			last = f.Seq
		}
		still, err := cam.Still(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if b := still.Image.Bounds(); b.Dx() != want.Width || b.Dy() != want.Height {
			t.Fatalf("still %v, want %v", b, want)
		}
		if err := cam.Close(); err != nil {
			t.Fatal(err)
		}
		if _, ok := <-sub.C; ok {
			// drain what was queued before Close
			for range sub.C {
			}
		}
		if !errors.Is(cam.Err(), ErrClosed) {
			t.Fatalf("after Close, Err() = %v", cam.Err())
		}
	}
}

func TestVideoTestCanBeReopened(t *testing.T) {
	ctx := bounded(t)
	for i := 0; i < 2; i++ {
		cam, err := Open(ctx, SourceVideoTest, "", Options{Size: Size{160, 120}})
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		if _, err := cam.Still(ctx); err != nil {
			t.Fatal(err)
		}
		if err := cam.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func writePNG(t *testing.T, path string, w, h int, c color.Color) {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < w*h; i++ {
		img.Set(i%w, i/w, c)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

func TestFileCameraPlaysFolderInOrder(t *testing.T) {
	ctx := bounded(t)
	dir := t.TempDir()
	writePNG(t, filepath.Join(dir, "a.png"), 64, 48, color.Black)
	writePNG(t, filepath.Join(dir, "b.png"), 64, 48, color.White)
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	cam, err := Open(ctx, SourceFile+dir, "", Options{FrameRate: 200})
	if err != nil {
		t.Fatal(err)
	}
	defer cam.Close()
	if cam.Size() != (Size{64, 48}) || cam.Label() != "File: "+filepath.Base(dir) {
		t.Fatalf("%q at %v", cam.Label(), cam.Size())
	}
	sub := cam.Subscribe(8)
	// Frame n shows image (n-1) mod 2: a.png (black) for odd n, b.png (white) for even,
	// whatever frames a slow test goroutine missed.
	for i := 0; i < 6; i++ {
		f := <-sub.C
		if y := f.Image.(*image.YCbCr).Y[0]; (y < 128) != (f.Seq%2 == 1) {
			t.Fatalf("frame %d has luma %d", f.Seq, y)
		}
	}
}

func TestFileCameraScalesToRequestedSize(t *testing.T) {
	ctx := bounded(t)
	path := filepath.Join(t.TempDir(), "id.png")
	writePNG(t, path, 100, 80, color.White)
	cam, err := Open(ctx, SourceFile+path, "", Options{Size: Size{320, 240}, FrameRate: 100})
	if err != nil {
		t.Fatal(err)
	}
	defer cam.Close()
	f, err := cam.Still(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if b := f.Image.Bounds(); b.Dx() != 320 || b.Dy() != 240 {
		t.Fatalf("still %v", b)
	}
}

func TestOpenRefusals(t *testing.T) {
	ctx := bounded(t)
	empty := t.TempDir()
	text := filepath.Join(t.TempDir(), "x.png")
	if err := os.WriteFile(text, []byte("not an image"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, source, label string
		want                error
	}{
		{"unknown source", "webcam", "", ErrBadSource},
		{"missing path", SourceFile + "/no/such/dir", "", ErrBadSource},
		{"empty folder", SourceFile + empty, "", ErrBadSource},
		{"not an image", SourceFile + text, "", ErrBadSource},
		{"unknown label", SourceAuto, "No Such Camera (video9)", ErrNoCamera},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cam, err := Open(ctx, c.source, c.label, Options{})
			if !errors.Is(err, c.want) {
				if cam != nil {
					cam.Close()
				}
				t.Fatalf("got %v, want %v", err, c.want)
			}
		})
	}
}

func TestAutoWithoutCamerasFailsAtOnce(t *testing.T) {
	if m, _ := filepath.Glob("/dev/video*"); len(m) > 0 {
		t.Skip("this machine has cameras")
	}
	_, err := Open(bounded(t), SourceAuto, "", Options{})
	if !errors.Is(err, ErrNoCamera) {
		t.Fatalf("got %v, want ErrNoCamera", err)
	}
}

func TestListShowsVideoTest(t *testing.T) {
	list, err := List(bounded(t))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range list {
		found = found || c.Label == "VideoTest" && c.Kind == KindVideoTest
	}
	if !found {
		t.Fatalf("VideoTest not listed: %+v", list)
	}
}

func TestLostCameraEndsSubscriptionsAndKeepsFrames(t *testing.T) {
	n := 0
	unplugged := errors.New("no such device")
	dev := &fakeDevice{size: Size{8, 8}, readFn: func() (image.Image, func(), error) {
		if n == 5 {
			return nil, func() {}, unplugged
		}
		n++
		return gray(8, 8, uint8(n)), func() {}, nil
	}}
	// Subscribe before the pump starts reading: hold the first read until then.
	gate := make(chan struct{})
	read := dev.readFn
	dev.readFn = func() (image.Image, func(), error) { <-gate; return read() }
	cam, err := start(bounded(t), dev, Options{})
	if err != nil {
		t.Fatal(err)
	}
	sub := cam.Subscribe(10)
	close(gate)
	var got []uint8
	for f := range sub.C {
		got = append(got, f.Image.(*image.YCbCr).Y[0])
	}
	if len(got) != 5 || got[4] != 5 {
		t.Fatalf("received %v, want the 5 frames read before the failure", got)
	}
	if !errors.Is(cam.Err(), ErrCameraLost) {
		t.Fatalf("Err() = %v, want ErrCameraLost", cam.Err())
	}
	if _, err := cam.Still(bounded(t)); !errors.Is(err, ErrCameraLost) {
		t.Fatalf("Still after loss: %v", err)
	}
	if err := cam.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestSlowSubscriberDropsOldestWithoutBlockingOthers(t *testing.T) {
	const total = 100
	n := 0
	dev := &fakeDevice{size: Size{4, 4}, readFn: func() (image.Image, func(), error) {
		if n == total {
			return nil, func() {}, errors.New("unplugged")
		}
		n++
		return gray(4, 4, uint8(n)), func() {}, nil
	}}
	gate := make(chan struct{})
	read := dev.readFn
	dev.readFn = func() (image.Image, func(), error) { <-gate; return read() }
	cam, err := start(bounded(t), dev, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer cam.Close()
	slow := cam.Subscribe(1)
	fast := cam.Subscribe(total)
	close(gate)
	for i := 1; i <= total; i++ {
		f := <-fast.C
		if f.Seq != uint64(i) {
			t.Fatalf("fast subscriber got seq %d, want %d", f.Seq, i)
		}
	}
	// The slow subscriber read nothing while 100 frames went by: only the newest waits.
	var seqs []uint64
	for f := range slow.C {
		seqs = append(seqs, f.Seq)
	}
	if len(seqs) != 1 || seqs[0] != total || slow.Dropped() != total-1 {
		t.Fatalf("slow subscriber got %v after dropping %d", seqs, slow.Dropped())
	}
}

func TestRescanKeepsTheTestPattern(t *testing.T) {
	ctx := bounded(t)
	before, err := List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	after, err := Rescan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) {
		t.Fatalf("before %+v, after %+v", before, after)
	}
	cam, err := Open(ctx, SourceVideoTest, "", Options{Size: Size{160, 120}})
	if err != nil {
		t.Fatalf("videotest after a rescan: %v", err)
	}
	defer cam.Close()
	if _, err := cam.Still(ctx); err != nil {
		t.Fatal(err)
	}
}
