package documenttest

import (
	"encoding/binary"
	"fmt"
	"image"
)

// SSIM is the mean structural similarity of the luma of a and b (same size), over 8x8
// windows with a step of 4 (Wang et al. 2004, with the usual constants). 1 is identical;
// 0.97 or more is a resize no one would tell from the reference.
func SSIM(a, b image.Image) (float64, error) {
	if a.Bounds().Size() != b.Bounds().Size() {
		return 0, fmt.Errorf("ssim: sizes differ: %v and %v", a.Bounds().Size(), b.Bounds().Size())
	}
	la, lb := luma(a), luma(b)
	w, h := a.Bounds().Dx(), a.Bounds().Dy()
	const win, step = 8, 4
	const c1, c2 = (0.01 * 255) * (0.01 * 255), (0.03 * 255) * (0.03 * 255)
	var sum float64
	var n int
	for y := 0; y+win <= h; y += step {
		for x := 0; x+win <= w; x += step {
			var sa, sb, saa, sbb, sab float64
			for j := y; j < y+win; j++ {
				for i := x; i < x+win; i++ {
					p, q := la[j*w+i], lb[j*w+i]
					sa, sb, saa, sbb, sab = sa+p, sb+q, saa+p*p, sbb+q*q, sab+p*q
				}
			}
			const k = win * win
			ma, mb := sa/k, sb/k
			va, vb, cov := saa/k-ma*ma, sbb/k-mb*mb, sab/k-ma*mb
			sum += (2*ma*mb + c1) * (2*cov + c2) / ((ma*ma + mb*mb + c1) * (va + vb + c2))
			n++
		}
	}
	if n == 0 {
		return 0, fmt.Errorf("ssim: %dx%d is smaller than one window", w, h)
	}
	return sum / float64(n), nil
}

func luma(img image.Image) []float64 {
	b := img.Bounds()
	out := make([]float64, 0, b.Dx()*b.Dy())
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			out = append(out, (0.299*float64(r)+0.587*float64(g)+0.114*float64(bl))/257)
		}
	}
	return out
}

// WithOrientation returns a copy of the JPEG data with an EXIF segment recording
// orientation o (1-8) right after its start marker.
func WithOrientation(data []byte, o int) []byte {
	tiff := []byte("MM\x00\x2a\x00\x00\x00\x08\x00\x01")
	entry := make([]byte, 12)
	binary.BigEndian.PutUint16(entry[0:], 0x0112)
	binary.BigEndian.PutUint16(entry[2:], 3) // SHORT
	binary.BigEndian.PutUint32(entry[4:], 1)
	binary.BigEndian.PutUint16(entry[8:], uint16(o))
	payload := append(append(append([]byte("Exif\x00\x00"), tiff...), entry...), 0, 0, 0, 0)
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	out := append([]byte{}, data[:2]...)
	out = append(append(out, seg...), payload...)
	return append(out, data[2:]...)
}
