package document

import (
	"image"

	"github.com/disintegration/imaging"
)

// upright turns img as its EXIF orientation says, so that the result shows the document
// the way the camera's user saw it.
func upright(img image.Image, o Orientation) image.Image {
	if n, ok := img.(*image.NRGBA); ok && o >= 2 && o <= 8 {
		return orientNRGBA(n, o)
	}
	switch o {
	case 2:
		return imaging.FlipH(img)
	case 3:
		return imaging.Rotate180(img)
	case 4:
		return imaging.FlipV(img)
	case 5:
		return imaging.Transpose(img)
	case 6:
		return imaging.Rotate270(img)
	case 7:
		return imaging.Transverse(img)
	case 8:
		return imaging.Rotate90(img)
	}
	return img
}

// orientTile is the side of the blocks orientNRGBA copies, so that the column it reads or
// writes for a quarter turn stays in the cache.
const orientTile = 32

// orientNRGBA is upright for an NRGBA image (every decode of ours): whole pixels moved
// block by block, where imaging goes through its generic scanner a column at a time.
func orientNRGBA(src *image.NRGBA, o Orientation) *image.NRGBA {
	W, H := src.Rect.Dx(), src.Rect.Dy()
	dw, dh := W, H
	if o >= 5 {
		dw, dh = H, W
	}
	dst := image.NewNRGBA(image.Rect(0, 0, dw, dh))
	// at maps a pixel of dst to the pixel of src it shows.
	at := func(x, y int) (int, int) {
		switch o {
		case 2:
			return W - 1 - x, y
		case 3:
			return W - 1 - x, H - 1 - y
		case 4:
			return x, H - 1 - y
		case 5:
			return y, x
		case 6:
			return y, H - 1 - x
		case 7:
			return W - 1 - y, H - 1 - x
		}
		return W - 1 - y, x // 8
	}
	parallelRows(dh, func(y0, y1 int) {
		for ty := y0; ty < y1; ty += orientTile {
			for tx := 0; tx < dw; tx += orientTile {
				for y := ty; y < min(ty+orientTile, y1); y++ {
					d := dst.Pix[y*dst.Stride:]
					for x := tx; x < min(tx+orientTile, dw); x++ {
						sx, sy := at(x, y)
						so := src.PixOffset(src.Rect.Min.X+sx, src.Rect.Min.Y+sy)
						*(*[4]byte)(d[4*x : 4*x+4]) = *(*[4]byte)(src.Pix[so : so+4])
					}
				}
			}
		}
	})
	return dst
}
