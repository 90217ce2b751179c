package document

import (
	"image"

	"github.com/disintegration/imaging"
)

// upright turns img as its EXIF orientation says, so that the result shows the document
// the way the camera's user saw it.
func upright(img image.Image, o Orientation) image.Image {
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
