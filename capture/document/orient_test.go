package document

import (
	"image"
	"math/rand/v2"
	"testing"

	"github.com/disintegration/imaging"
)

// orientNRGBA turns pixels exactly as imaging does, for every EXIF orientation, also for
// a sub-image and sizes that are not multiples of its blocks.
func TestOrientNRGBAMatchesImaging(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	big := image.NewNRGBA(image.Rect(0, 0, 101, 70))
	for i := range big.Pix {
		big.Pix[i] = uint8(r.Uint32())
	}
	for _, src := range []*image.NRGBA{big, big.SubImage(image.Rect(3, 5, 90, 41)).(*image.NRGBA)} {
		want := map[Orientation]*image.NRGBA{
			2: imaging.FlipH(src), 3: imaging.Rotate180(src), 4: imaging.FlipV(src), 5: imaging.Transpose(src),
			6: imaging.Rotate270(src), 7: imaging.Transverse(src), 8: imaging.Rotate90(src),
		}
		for o := Orientation(2); o <= 8; o++ {
			got := orientNRGBA(src, o)
			if got.Rect != want[o].Rect || string(got.Pix) != string(want[o].Pix) {
				t.Errorf("orientation %d of %v: differs from imaging", o, src.Rect)
			}
		}
	}
}
