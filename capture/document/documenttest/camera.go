package documenttest

import (
	"fmt"
	"image"
	"math"
	"runtime"
	"sync"

	"github.com/enrolkiosk/enrolkiosk/capture/document/turbojpeg"
	"github.com/enrolkiosk/enrolkiosk/internal/durable"
)

// CameraLike returns a w x h photo of an ID card lying on a textured desk, lit unevenly.
// The card covers about 60% of the frame's width, as when the operator fills the frame.
//
// It is made as a camera makes a picture: the scene (several octaves of texture, the
// card's print) plus the sensor's noise, then the low-pass of the lens and of the
// demosaicing (sensorBlur), so neither the detail nor the noise is sharper than one
// pixel: a real sensor's noise is correlated over a couple of pixels by the demosaicing
// and the camera's denoising, never white.
func CameraLike(w, h int, seed uint64) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	desk := newNoise(seed, 5, float64(w)/6)
	fibre := newNoise(seed+1, 3, float64(w)/300)
	paper := newNoise(seed+2, 4, float64(w)/40)
	fine := newNoise(seed+3, 2, 3) // pores of the wood, the card's print screen
	card := image.Rect(w*20/100, h*22/100, w*80/100, h*22/100+w*60/100*54/86)
	photo := image.Rect(card.Min.X+card.Dx()*6/100, card.Min.Y+card.Dy()*25/100,
		card.Min.X+card.Dx()*32/100, card.Min.Y+card.Dy()*85/100)
	unit := max(w/400, 1) // the text's stroke width
	rows(h, func(y0, y1 int) {
		for y := y0; y < y1; y++ {
			rnd := rng(seed ^ uint64(y)*0x9e3779b97f4a7c15)
			for x := 0; x < w; x++ {
				fx, fy := float64(x), float64(y)
				light := 0.75 + 0.35*fx/float64(w) - 0.2*fy/float64(h) // a window on the right
				var r, g, b float64
				p := image.Pt(x, y)
				switch {
				case p.In(photo):
					// The holder's portrait: a smooth face-like blob on a plain background.
					cx, cy := float64(photo.Min.X+photo.Dx()/2), float64(photo.Min.Y+photo.Dy()*2/5)
					d := math.Hypot((fx-cx)/float64(photo.Dx()), (fy-cy)/float64(photo.Dy())*1.3)
					t := paper.at(fx*3, fy*3)
					if d < 0.3 {
						r, g, b = 200+30*t, 160+30*t, 130+20*t
					} else {
						r, g, b = 120+20*t, 140+20*t, 170+20*t
					}
				case p.In(card):
					t := paper.at(fx, fy)
					t += 0.6 * fine.at(fx, fy)
					r, g, b = 215+25*t, 225+20*t, 235+15*t // a light blue card
					if text(x-card.Min.X, y-card.Min.Y, card.Dx(), card.Dy(), unit, seed) {
						r, g, b = 40, 40, 60
					}
				default:
					t, f := desk.at(fx, fy), fibre.at(fx, fy*0.2)+fine.at(fx, fy)
					r, g, b = 120+50*t+25*f, 85+40*t+20*f, 55+25*t+10*f // wood
				}
				grain := (rnd.float() - 0.5) * 14 // sensor noise: σ 4 before, 1.5 after sensorBlur
				o := img.PixOffset(x, y)
				img.Pix[o] = clamp(r*light + grain)
				img.Pix[o+1] = clamp(g*light + grain)
				img.Pix[o+2] = clamp(b*light + grain)
				img.Pix[o+3] = 255
			}
		}
	})
	sensorBlur(img)
	return img
}

// sensorBlur filters img in place with the separable kernel [1 2 1]/4 (a Gaussian of
// σ ≈ 0.7 px): what a phone's lens, Bayer demosaicing and denoising leave of the scene's
// and the sensor's finest detail (an MTF of about 0.5 at half the Nyquist frequency).
func sensorBlur(img *image.RGBA) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	if w < 3 || h < 3 {
		return
	}
	rows(h, func(y0, y1 int) {
		line := make([]uint8, w*4)
		for y := y0; y < y1; y++ {
			px := img.Pix[y*img.Stride : y*img.Stride+w*4]
			copy(line, px)
			for x := 0; x < w; x++ {
				l, r := max(x-1, 0), min(x+1, w-1)
				for c := 0; c < 3; c++ {
					px[x*4+c] = uint8((int(line[l*4+c]) + 2*int(line[x*4+c]) + int(line[r*4+c]) + 2) / 4)
				}
			}
		}
	})
	rows(w, func(x0, x1 int) {
		n := (x1 - x0) * 4
		prev, cur := make([]uint8, n), make([]uint8, n)
		copy(prev, img.Pix[x0*4:x0*4+n])
		for y := 0; y < h; y++ {
			row := img.Pix[y*img.Stride+x0*4 : y*img.Stride+x0*4+n]
			copy(cur, row)
			next := row
			if y+1 < h {
				next = img.Pix[(y+1)*img.Stride+x0*4 : (y+1)*img.Stride+x0*4+n]
			}
			for i := 0; i < n; i++ {
				if i%4 != 3 {
					row[i] = uint8((int(prev[i]) + 2*int(cur[i]) + int(next[i]) + 2) / 4)
				}
			}
			prev, cur = cur, prev
		}
	})
}

// text reports whether (x, y), relative to a card of cw x ch, is ink: lines of short
// words right of the photo, and a machine-readable zone at the bottom.
func text(x, y, cw, ch, unit int, seed uint64) bool {
	lineH := 7 * unit
	if x < cw*36/100 || x > cw*95/100 || y < ch*12/100 || y > ch*92/100 {
		return false
	}
	line := y / (lineH * 2)
	if y%(lineH*2) >= lineH {
		return false
	}
	word := x / (unit * 30)
	h := rng(seed ^ uint64(line)<<32 ^ uint64(word))
	if h.next()%5 == 0 { // a gap between words
		return false
	}
	// Letters: vertical strokes with gaps, and a bar on some rows.
	lx := x % (unit * 5)
	ly := y % (lineH * 2)
	return lx < unit || (ly == lineH/2 && lx < 4*unit && h.next()%2 == 0)
}

func clamp(v float64) uint8 { return uint8(min(max(v, 0), 255)) }

// noise is value noise summed over octaves, in [-1, 1].
type noise struct {
	seed    uint64
	octaves int
	scale   float64
}

func newNoise(seed uint64, octaves int, scale float64) noise {
	return noise{seed: seed, octaves: octaves, scale: max(scale, 1)}
}

func (n noise) at(x, y float64) float64 {
	var sum, amp, norm float64 = 0, 1, 0
	s := n.scale
	for o := 0; o < n.octaves; o++ {
		sum += amp * n.value(x/s, y/s, uint64(o))
		norm += amp
		amp *= 0.5
		s /= 2
	}
	return sum / norm
}

func (n noise) value(x, y float64, o uint64) float64 {
	x0, y0 := math.Floor(x), math.Floor(y)
	fx, fy := x-x0, y-y0
	fx, fy = fx*fx*(3-2*fx), fy*fy*(3-2*fy)
	c := func(dx, dy float64) float64 {
		r := rng(n.seed ^ o<<56 ^ uint64(int64(x0+dx))*0x9e3779b97f4a7c15 ^ uint64(int64(y0+dy))*0xc2b2ae3d27d4eb4f)
		return r.float()*2 - 1
	}
	top := c(0, 0)*(1-fx) + c(1, 0)*fx
	bot := c(0, 1)*(1-fx) + c(1, 1)*fx
	return top*(1-fy) + bot*fy
}

// rng is splitmix64: deterministic and cheap.
type rng uint64

func (r *rng) next() uint64 {
	*r += 0x9e3779b97f4a7c15
	z := uint64(*r)
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

func rows(h int, f func(y0, y1 int)) {
	n := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for k := 0; k < n; k++ {
		wg.Add(1)
		go func(y0, y1 int) { defer wg.Done(); f(y0, y1) }(h*k/n, h*(k+1)/n)
	}
	wg.Wait()
}

// EncodeJPEG encodes img at quality (4:2:0, as a camera does), progressive when asked.
func EncodeJPEG(img *image.RGBA, quality int, progressive bool) ([]byte, error) {
	enc := turbojpeg.Encoder{Progressive: progressive}
	return enc.Encode(img, quality)
}

// WriteCameraJPEG writes a CameraLike picture of w x h to path at quality, and returns
// its size in bytes.
func WriteCameraJPEG(path string, w, h int, seed uint64, quality int, progressive bool) (int, error) {
	data, err := EncodeJPEG(CameraLike(w, h, seed), quality, progressive)
	if err != nil {
		return 0, fmt.Errorf("encode the %dx%d test picture: %w", w, h, err)
	}
	if err := durable.WriteFile(path, data, 0o600); err != nil {
		return 0, err
	}
	return len(data), nil
}
