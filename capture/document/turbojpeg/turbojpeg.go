package turbojpeg

/*
#cgo pkg-config: libturbojpeg
#include <stdlib.h>
#include <turbojpeg.h>
*/
import "C"

import (
	"errors"
	"fmt"
	"image"
	"unsafe"
)

// Colorspace is the JPEG's colour space as TurboJPEG names it.
type Colorspace int

// Colour spaces of a JPEG.
const (
	RGB   Colorspace = C.TJCS_RGB
	YCbCr Colorspace = C.TJCS_YCbCr
	Gray  Colorspace = C.TJCS_GRAY
	CMYK  Colorspace = C.TJCS_CMYK
	YCCK  Colorspace = C.TJCS_YCCK
)

// Header is what a JPEG's header says about the image.
type Header struct {
	Width, Height int
	Colorspace    Colorspace
}

// Error is a failure reported by libjpeg-turbo. Warning is true when the library could go
// on (a truncated or slightly damaged file): the pixels may be partly grey.
type Error struct {
	Op      string
	Msg     string
	Warning bool
}

func (e *Error) Error() string { return "libjpeg-turbo " + e.Op + ": " + e.Msg }

// ErrArgument is returned for arguments the library would refuse (an empty input, a
// zero-sized image or a quality outside 1-100).
var ErrArgument = errors.New("turbojpeg: invalid argument")

func lastError(h C.tjhandle, op string) error {
	return &Error{Op: op, Msg: C.GoString(C.tjGetErrorStr2(h)), Warning: C.tjGetErrorCode(h) == C.TJERR_WARNING}
}

// Scale is a DCT scaling factor, Num/Denom.
type Scale struct{ Num, Denom int }

// Of returns a dimension scaled by s, rounded up as libjpeg-turbo does.
func (s Scale) Of(n int) int { return (n*s.Num + s.Denom - 1) / s.Denom }

// Float is s as a number.
func (s Scale) Float() float64 { return float64(s.Num) / float64(s.Denom) }

// Scales returns the scaling factors the library decodes at, smallest first (n/8 for
// n = 1..16 in libjpeg-turbo 2.x).
func Scales() []Scale {
	var n C.int
	p := C.tjGetScalingFactors(&n)
	if p == nil || n <= 0 {
		return []Scale{{1, 1}}
	}
	fs := unsafe.Slice(p, int(n))
	out := make([]Scale, 0, len(fs))
	for _, f := range fs {
		out = append(out, Scale{int(f.num), int(f.denom)})
	}
	// The library lists them largest first; sort by value without allocating a closure.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Float() < out[j-1].Float(); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// Fast lists the scales libjpeg-turbo decodes with SIMD on x86-64 and ARM (its reduced
// IDCTs of 1, 2 and 4 pixels a block, and the full one); the others use C code and are
// slower than a full decode (measured: 7/8 takes twice as long as 1/1).
var Fast = []Scale{{1, 8}, {1, 4}, {1, 2}, {1, 1}}

// ScaleFor returns the smallest scale of at most 1 that keeps a long edge of longEdge
// pixels at least target pixels long; 1/1 when even that does not. It chooses among
// from, or among all of Scales when from is nil.
func ScaleFor(longEdge, target int, from []Scale) Scale {
	if from == nil {
		from = Scales()
	}
	best := Scale{1, 1}
	for _, s := range from {
		if s.Num <= s.Denom && s.Of(longEdge) >= target && s.Float() < best.Float() {
			best = s
		}
	}
	return best
}

// ReadHeader reads the image's size and colour space without decoding pixels.
func ReadHeader(data []byte) (Header, error) {
	if len(data) == 0 {
		return Header{}, ErrArgument
	}
	h := C.tjInitDecompress()
	if h == nil {
		return Header{}, fmt.Errorf("turbojpeg: init decompressor: %s", C.GoString(C.tjGetErrorStr2(nil)))
	}
	defer C.tjDestroy(h)
	var w, ht, sub, cs C.int
	if C.tjDecompressHeader3(h, (*C.uchar)(unsafe.Pointer(&data[0])), C.ulong(len(data)), &w, &ht, &sub, &cs) != 0 {
		return Header{}, lastError(h, "read header")
	}
	return Header{Width: int(w), Height: int(ht), Colorspace: Colorspace(cs)}, nil
}

// Decode decodes data at scale s into an opaque NRGBA image (alpha 255). Progressive
// files are limited to 500 scans (a CPU bomb otherwise). Any warning is returned as an
// *Error with Warning set, and no image.
func Decode(data []byte, s Scale) (*image.NRGBA, error) {
	hd, err := ReadHeader(data)
	if err != nil {
		return nil, err
	}
	w, ht := s.Of(hd.Width), s.Of(hd.Height)
	if w <= 0 || ht <= 0 {
		return nil, ErrArgument
	}
	h := C.tjInitDecompress()
	if h == nil {
		return nil, fmt.Errorf("turbojpeg: init decompressor: %s", C.GoString(C.tjGetErrorStr2(nil)))
	}
	defer C.tjDestroy(h)
	img := image.NewNRGBA(image.Rect(0, 0, w, ht))
	// Go memory passed for the call only; it holds no Go pointers (cgo rules allow it).
	if C.tjDecompress2(h, (*C.uchar)(unsafe.Pointer(&data[0])), C.ulong(len(data)),
		(*C.uchar)(unsafe.Pointer(&img.Pix[0])), C.int(w), C.int(img.Stride), C.int(ht),
		C.TJPF_RGBA, C.TJFLAG_LIMITSCANS) != 0 {
		return nil, lastError(h, "decode")
	}
	return img, nil
}

// Encoder encodes RGBA images to 4:2:0 JPEG with libjpeg-turbo (the accurate integer
// DCT, which costs the same as the fast one with SIMD and loses less at high qualities).
// Its fields are read by each Encode; it holds no C state (the zero value is a baseline
// encoder with the standard Huffman tables), so one Encoder may encode from several
// goroutines at once.
type Encoder struct {
	// Progressive makes the following encodes progressive rather than baseline.
	Progressive bool
	// Optimize computes Huffman tables for each image (a second pass over the
	// coefficients): 2-3 % smaller than the standard tables, never larger in practice,
	// for about twice the encoding time. Progressive files always have them.
	Optimize bool
	// ChromaQuality, when not zero, is the quality of the two colour components' table
	// (the luma table follows Encode's quality): the eye, and the legibility of a
	// document, depend on the luma's detail far more than on the colour's.
	ChromaQuality int
}

// Encode compresses img (its alpha ignored: flatten it first) at quality 1-100. The
// returned bytes are a copy the caller owns.
func (e *Encoder) Encode(img *image.RGBA, quality int) ([]byte, error) {
	b := img.Rect
	cq := e.ChromaQuality
	if cq == 0 {
		cq = quality
	}
	if b.Empty() || quality < 1 || quality > 100 || cq < 1 || cq > 100 {
		return nil, ErrArgument
	}
	return encodeRGBX(img.Pix[img.PixOffset(b.Min.X, b.Min.Y):], b.Dx(), b.Dy(), img.Stride, quality, cq, e.Progressive, e.Optimize)
}
