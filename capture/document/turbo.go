package document

import (
	"context"
	"errors"
	"image"

	"github.com/disintegration/imaging"

	"github.com/enrolkiosk/enrolkiosk/capture/document/turbojpeg"
)

// errNoShortcut sends a JPEG that libjpeg-turbo would not decode cleanly (a warning,
// CMYK, an error) down the general path, whose decoder decides, so refused files are
// refused with the same errors as ever.
var errNoShortcut = errors.New("decode with the general path")

// jpegSource is a JPEG whose header has passed the checks, decoded on demand with
// libjpeg-turbo at a reduced scale and only in the region needed.
type jpegSource struct {
	data        []byte
	orientation Orientation
	raw         image.Point // stored size, full resolution
}

// newJPEGSource accepts the JPEGs libjpeg-turbo decodes to RGB: not CMYK or YCCK (the
// general decoder handles Adobe's inverted CMYK), and with the header the general
// decoder read (w x h).
func newJPEGSource(data []byte, w, h int) (*jpegSource, error) {
	hd, err := turbojpeg.ReadHeader(data)
	if err != nil || hd.Colorspace == turbojpeg.CMYK || hd.Colorspace == turbojpeg.YCCK || hd.Width != w || hd.Height != h {
		return nil, errNoShortcut
	}
	return &jpegSource{data: data, orientation: jpegOrientation(data), raw: image.Pt(w, h)}, nil
}

// size is the upright image's size at full resolution.
func (s *jpegSource) size() image.Point {
	if s.orientation >= 5 {
		return image.Pt(s.raw.Y, s.raw.X)
	}
	return s.raw
}

// scaleFor is the smallest fast scale keeping a long edge of n pixels at least target.
func scaleFor(n, target int) turbojpeg.Scale { return turbojpeg.ScaleFor(n, target, turbojpeg.Fast) }

// decode returns the upright part r (in upright pixels at scale sc) of the image, with its
// origin at (0, 0).
func (s *jpegSource) decode(ctx context.Context, sc turbojpeg.Scale, r image.Rectangle) (image.Image, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	raw := image.Pt(sc.Of(s.raw.X), sc.Of(s.raw.Y))
	rr := rawRect(r, raw, s.orientation)
	var img *image.NRGBA
	var err error
	if rr == image.Rectangle(image.Rect(0, 0, raw.X, raw.Y)) {
		img, err = turbojpeg.Decode(s.data, sc)
	} else {
		img, err = turbojpeg.DecodeRegion(s.data, sc, rr)
	}
	if err != nil {
		return nil, errNoShortcut
	}
	return upright(img, s.orientation), nil
}

// decodeFit returns the upright part r (in upright pixels at scale sc) of the image,
// resized to fit edge x edge while it is decoded (see turbojpeg.DecodeFit).
func (s *jpegSource) decodeFit(ctx context.Context, sc turbojpeg.Scale, r image.Rectangle, edge int) (*image.NRGBA, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	raw := image.Pt(sc.Of(s.raw.X), sc.Of(s.raw.Y))
	rr := rawRect(r, raw, s.orientation)
	w, h := fitSize(rr.Dx(), rr.Dy(), edge)
	img, err := turbojpeg.DecodeFit(s.data, sc, rr, w, h)
	if err != nil {
		return nil, errNoShortcut
	}
	if up, ok := upright(img, s.orientation).(*image.NRGBA); ok {
		return up, nil
	}
	return imaging.Clone(upright(img, s.orientation)), nil
}

// minFirstScanEdge is the smallest long edge at which the first scan of a progressive
// JPEG (its 1/8 picture) is good enough for the detection; below it the copy is decoded.
const minFirstScanEdge = detectEdge / 2

// detectionCopy is the whole upright image at scale sc for the document detection. A
// progressive JPEG of at least 8 x minFirstScanEdge pixels gives it from its first scan
// alone (usually the DC coefficients, a few per cent of the file, at 1/8), instead of a
// full progressive decode; complete is false then: the copy is not a decode at sc.
func (s *jpegSource) detectionCopy(ctx context.Context, sc turbojpeg.Scale) (img image.Image, complete bool, err error) {
	eighth := turbojpeg.Scale{Num: 1, Denom: 8}
	if eighth.Of(max(s.raw.X, s.raw.Y)) >= minFirstScanEdge {
		if err := ctx.Err(); err != nil {
			return nil, false, err
		}
		if first, err := turbojpeg.DecodeFirstScan(s.data); err == nil {
			return upright(first, s.orientation), false, nil
		}
	}
	full := s.size()
	img, err = s.decode(ctx, sc, scaleRect(image.Rectangle{Max: full}, sc, full))
	return img, err == nil, err
}

// copyScale is the scale of copied, an upright copy of an image of full-resolution size
// full: 1/8 for a first scan, whatever the scale asked for.
func copyScale(copied image.Image, full image.Point) turbojpeg.Scale {
	for _, sc := range turbojpeg.Fast {
		if sc.Of(full.X) == copied.Bounds().Dx() && sc.Of(full.Y) == copied.Bounds().Dy() {
			return sc
		}
	}
	return turbojpeg.Scale{Num: copied.Bounds().Dx(), Denom: full.X}
}

// rawRect maps r, in the upright image, to the stored image of size raw under orientation
// o (the inverse of upright).
func rawRect(r image.Rectangle, raw image.Point, o Orientation) image.Rectangle {
	W, H := raw.X, raw.Y
	x0, y0, x1, y1 := r.Min.X, r.Min.Y, r.Max.X, r.Max.Y
	switch o {
	case 2:
		return image.Rect(W-x1, y0, W-x0, y1)
	case 3:
		return image.Rect(W-x1, H-y1, W-x0, H-y0)
	case 4:
		return image.Rect(x0, H-y1, x1, H-y0)
	case 5:
		return image.Rect(y0, x0, y1, x1)
	case 6:
		return image.Rect(y0, H-x1, y1, H-x0)
	case 7:
		return image.Rect(W-y1, H-x1, W-y0, H-x0)
	case 8:
		return image.Rect(W-y1, x0, W-y0, x1)
	}
	return r
}

// scaleRect maps r, in full-resolution pixels, to pixels at scale sc, rounding outwards
// and staying inside an image of full-resolution size full.
func scaleRect(r image.Rectangle, sc turbojpeg.Scale, full image.Point) image.Rectangle {
	lim := image.Rect(0, 0, sc.Of(full.X), sc.Of(full.Y))
	return image.Rect(r.Min.X*sc.Num/sc.Denom, r.Min.Y*sc.Num/sc.Denom, sc.Of(r.Max.X), sc.Of(r.Max.Y)).Intersect(lim)
}

// scaleQuad maps q, in full-resolution pixels, to pixels at scale sc relative to origin.
func scaleQuad(q Quad, sc turbojpeg.Scale, origin image.Point) Quad {
	var out Quad
	for i, p := range q {
		out[i] = image.Pt(p.X*sc.Num/sc.Denom, p.Y*sc.Num/sc.Denom).Sub(origin)
	}
	return out
}

// unscaleQuad maps q, in pixels of an image at scale sc, to full-resolution pixels inside
// bounds.
func unscaleQuad(q Quad, sc turbojpeg.Scale, bounds image.Rectangle) Quad {
	var out Quad
	for i, p := range q {
		x := min(max(p.X*sc.Denom/sc.Num, bounds.Min.X), bounds.Max.X)
		y := min(max(p.Y*sc.Denom/sc.Num, bounds.Min.Y), bounds.Max.Y)
		out[i] = image.Pt(x, y)
	}
	return out
}
