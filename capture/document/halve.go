package document

import (
	"image"
	"image/color"
	"runtime"
	"sync"
)

// halveYCbCr averages each 2x2 block of a decoded JPEG straight into RGB: the same
// trick as libjpeg's shrink-on-load, done after decoding. It is much cheaper than a
// general resampling filter over the full 12 MP and is a proper box pre-filter.
func halveYCbCr(src *image.YCbCr) *image.NRGBA {
	b := src.Rect
	w, h := b.Dx()/2, b.Dy()/2
	dst := image.NewNRGBA(image.Rect(0, 0, w, h))
	parallelRows(h, func(y0, y1 int) {
		for y := y0; y < y1; y++ {
			sy := b.Min.Y + 2*y
			out := dst.Pix[y*dst.Stride : y*dst.Stride+4*w]
			for x := 0; x < w; x++ {
				sx := b.Min.X + 2*x
				i, j := src.YOffset(sx, sy), src.YOffset(sx, sy+1)
				yy := (int(src.Y[i]) + int(src.Y[i+1]) + int(src.Y[j]) + int(src.Y[j+1]) + 2) / 4
				c := src.COffset(sx, sy)
				r, g, bl := color.YCbCrToRGB(uint8(yy), src.Cb[c], src.Cr[c])
				out[4*x], out[4*x+1], out[4*x+2], out[4*x+3] = r, g, bl, 255
			}
		}
	})
	return dst
}

// parallelRows splits [0, h) over the CPUs.
func parallelRows(h int, f func(y0, y1 int)) {
	n := min(runtime.GOMAXPROCS(0), max(h/64, 1))
	var wg sync.WaitGroup
	for k := 0; k < n; k++ {
		wg.Add(1)
		go func(y0, y1 int) {
			defer wg.Done()
			f(y0, y1)
		}(h*k/n, h*(k+1)/n)
	}
	wg.Wait()
}
