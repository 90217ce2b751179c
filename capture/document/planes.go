package document

import (
	"context"
	"errors"
	"image"
	"runtime/debug"

	"github.com/disintegration/imaging"

	"github.com/enrolkiosk/enrolkiosk/capture/document/turbojpeg"
)

// maxPlanesBytes bounds the one-pass decode (planesScale): its planes take 1.5 bytes a
// pixel at their scale, 18 MB for a 48 MP photo at 1/2.
const maxPlanesBytes = 24 << 20

// planesScale is the scale of the one-pass decode for the automatic crop: the scale a
// document filling half the photo's long edge needs, when that scale is reduced (a
// photo of at least 4 x longEdge: 48 MP for 2000 px) and the planes fit maxPlanesBytes.
// A smaller photo takes two decodes instead (the detection's at 1/8, then the document's
// region), which cost less than a whole frame at full scale would in memory.
func (s *jpegSource) planesScale(longEdge int) (turbojpeg.Scale, bool) {
	sc := scaleFor(max(s.raw.X, s.raw.Y)/2, longEdge)
	if sc.Num >= sc.Denom {
		return sc, false
	}
	return sc, sc.Of(s.raw.X)*sc.Of(s.raw.Y)*3/2 <= maxPlanesBytes
}

// planes is the automatic crop of a large baseline photo from one decode: the photo is
// entropy-decoded once, at scale psc, to its luma and chroma planes; the detection runs
// on the luma reduced to the usual 1/8; the document is resized from the planes. Before
// the resize the photo's bytes are released (and the heap returned to the system), so
// that the planes replace them rather than add to them in memory.
//
// detected reports that crop holds the detection's result; doc is nil when the document
// needs another decode (a tilted outline, or a document so small that psc is too coarse
// for it): the caller decodes it from src as usual. A JPEG the planes do not take
// (progressive, CMYK, not 4:2:0) gives detected false and no error.
func (s *jpegSource) planes(ctx context.Context, psc turbojpeg.Scale, longEdge int) (crop Quad, auto, detected bool, doc *image.NRGBA, err error) {
	if err := ctx.Err(); err != nil {
		return Quad{}, false, false, nil, err
	}
	full := s.size()
	bounds := image.Rectangle{Max: full}
	ds := scaleFor(max(full.X, full.Y), detectEdge)
	f := ds.Denom * psc.Num / (ds.Num * psc.Denom)
	if f < 1 || f*ds.Num*psc.Denom != ds.Denom*psc.Num {
		return Quad{}, false, false, nil, nil
	}
	pl, err := turbojpeg.DecodePlanes(s.data, psc)
	if errors.Is(err, turbojpeg.ErrNotPlanar) {
		return Quad{}, false, false, nil, nil
	}
	if err != nil {
		return Quad{}, false, false, nil, errNoShortcut
	}
	defer pl.Close()
	copied := upright(pl.Gray(f), s.orientation)
	q, ok := DetectQuad(copied)
	crop, auto = RectQuad(bounds), ok
	if ok {
		crop = unscaleQuad(q, copyScale(copied, full), bounds)
	}
	w, h := crop.size()
	region := scaleRect(crop.Bounds(), psc, full)
	if !crop.isRect() || scaleFor(max(w, h), longEdge).Float() > psc.Float() || max(region.Dx(), region.Dy()) <= longEdge {
		return crop, auto, true, nil, nil
	}
	if err := ctx.Err(); err != nil {
		return Quad{}, false, false, nil, err
	}
	s.data = nil
	debug.FreeOSMemory()
	rr := rawRect(region, image.Pt(pl.Width, pl.Height), s.orientation)
	ow, oh := fitSize(rr.Dx(), rr.Dy(), longEdge)
	img, err := pl.Fit(rr, ow, oh)
	if err != nil {
		return Quad{}, false, false, nil, err
	}
	return crop, auto, true, imaging.Clone(upright(img, s.orientation)), nil
}
