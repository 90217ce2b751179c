package democamera

import (
	"bytes"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// luma is the brightness of the pixel at (x, y).
func luma(img *image.RGBA, x, y int) float64 {
	i := img.PixOffset(x, y)
	return 0.299*float64(img.Pix[i]) + 0.587*float64(img.Pix[i+1]) + 0.114*float64(img.Pix[i+2])
}

// isSkin is a classic RGB skin rule (Peer et al.): red above green above blue by margins.
func isSkin(img *image.RGBA, x, y int) bool {
	i := img.PixOffset(x, y)
	r, g, b := int(img.Pix[i]), int(img.Pix[i+1]), int(img.Pix[i+2])
	return r > 95 && g > 40 && b > 20 && r-g > 15 && r > b && max(r, g, b)-min(r, g, b) > 15
}

// skinBox is the bounding box and centre of the skin pixels in the middle of the frame.
func skinBox(img *image.RGBA) (image.Rectangle, image.Point) {
	box := image.Rectangle{Min: image.Pt(FaceWidth, FaceHeight)}
	var sx, sy, n int
	for y := 0; y < FaceHeight; y += 2 {
		for x := FaceWidth / 4; x < FaceWidth*3/4; x += 2 {
			if isSkin(img, x, y) {
				box = box.Union(image.Rect(x, y, x+1, y+1))
				sx, sy, n = sx+x, sy+y, n+1
			}
		}
	}
	if n == 0 {
		return image.Rectangle{}, image.Point{}
	}
	return box, image.Pt(sx/n, sy/n)
}

// TestFaceSceneIsAPersonAtAWebcam: the face scene shows skin where a face sits in the
// selfie step's oval (centred, about 40 % of the height), dark eyes that close in one
// frame, dark hair above the forehead, a sane exposure, and a head that moves and
// noise that changes from frame to frame, so a video of it is not a still. With
// DEMOCAMERA_PNG set to a folder it writes the frames there as PNGs to look at.
func TestFaceSceneIsAPersonAtAWebcam(t *testing.T) {
	frames := FaceScenes()
	if len(frames) != FaceFrames || frames[0].Rect.Dx() != FaceWidth || frames[0].Rect.Dy() != FaceHeight {
		t.Fatalf("%d frames of %v", len(frames), frames[0].Rect)
	}
	if dir := os.Getenv("DEMOCAMERA_PNG"); dir != "" {
		for _, i := range []int{0, FaceFrames / 4, faceBlink} {
			var buf bytes.Buffer
			if err := png.Encode(&buf, frames[i]); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "face-"+string(rune('a'+i))+".png"), buf.Bytes(), 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	f := frames[0]
	box, centre := skinBox(f)
	t.Logf("skin %v, centre %v", box, centre)
	if math.Abs(float64(centre.X-FaceWidth/2)) > 40 || box.Dy() < FaceHeight*35/100 || box.Dx() < FaceWidth/8 {
		t.Errorf("no face-sized patch of skin in the middle: skin %v, centre %v", box, centre)
	}
	for _, s := range []int{-1, 1} {
		ex, ey := int(headX)+s*int(eyeDX), int(eyeY)
		if l := luma(f, ex, ey); l > 50 {
			t.Errorf("the eye at (%d, %d) is not dark (luma %.0f)", ex, ey, l)
		}
		if o := faceOffset(faceBlink); !isSkin(frames[faceBlink], ex+o.X, ey+o.Y-4) {
			t.Errorf("the eye at (%d, %d) does not close in the blink", ex+o.X, ey+o.Y-4)
		}
		if !isSkin(f, ex, ey+40) {
			t.Errorf("no skin under the eye at (%d, %d)", ex, ey+40)
		}
	}
	if l := luma(f, int(headX), int(headY-headRY+20)); l > 70 {
		t.Errorf("no dark hair above the forehead (luma %.0f)", l)
	}
	var sum float64
	for y := 0; y < FaceHeight; y += 4 {
		for x := 0; x < FaceWidth; x += 4 {
			sum += luma(f, x, y)
		}
	}
	if mean := sum / float64(FaceWidth*FaceHeight/16); mean < 80 || mean > 180 {
		t.Errorf("mean brightness %.0f: under- or over-exposed", mean)
	}
	minX, maxX := FaceWidth, 0
	for i, fr := range frames {
		_, c := skinBox(fr)
		minX, maxX = min(minX, c.X), max(maxX, c.X)
		prev := frames[(i+FaceFrames-1)%FaceFrames]
		var diff float64
		for j := 0; j < len(fr.Pix); j += 4 * 97 {
			diff += math.Abs(float64(fr.Pix[j]) - float64(prev.Pix[j]))
		}
		if diff/float64(len(fr.Pix)/(4*97)) < 1 {
			t.Errorf("frame %d is the same as the one before", i)
		}
	}
	if maxX-minX < 8 {
		t.Errorf("the head does not move: its centre spans x %d..%d", minX, maxX)
	}
	again := FaceScenes()
	for i := range frames {
		if !bytes.Equal(frames[i].Pix, again[i].Pix) {
			t.Fatalf("frame %d is not deterministic", i)
		}
	}
}
