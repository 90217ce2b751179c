package document

import (
	"image"
	"image/color"
	"testing"
)

func TestHalveYCbCrAveragesBlocks(t *testing.T) {
	for _, ratio := range []image.YCbCrSubsampleRatio{image.YCbCrSubsampleRatio420, image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422} {
		src := image.NewYCbCr(image.Rect(0, 0, 8, 6), ratio)
		for i := range src.Y {
			src.Y[i] = uint8(40 * (i % 2)) // columns alternate 0, 40: each 2x2 block averages 20
		}
		for i := range src.Cb {
			src.Cb[i], src.Cr[i] = 128, 128
		}
		sub := src.SubImage(image.Rect(2, 2, 8, 6)).(*image.YCbCr)
		got := halveYCbCr(sub)
		if got.Rect.Dx() != 3 || got.Rect.Dy() != 2 {
			t.Fatalf("%v: size %v", ratio, got.Rect)
		}
		for y := 0; y < 2; y++ {
			for x := 0; x < 3; x++ {
				if c := got.NRGBAAt(x, y); c != (color.NRGBA{20, 20, 20, 255}) {
					t.Fatalf("%v: pixel (%d,%d) = %v, want gray 20", ratio, x, y, c)
				}
			}
		}
	}
}
