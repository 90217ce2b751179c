package democamera

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"math"
	"math/rand/v2"
)

// The face scene's size and loop: a 720p webcam looking at a person, FaceFrames frames
// that loop without a jump (the sway is one period over the loop).
const (
	FaceWidth  = 1280
	FaceHeight = 720
	FaceFrames = 24
)

// faceBlink is the frame of the loop in which the eyes are closed.
const faceBlink = 17

// rgb is a colour with float channels (0..255), for shading.
type rgb struct{ r, g, b float64 }

// scale is c k times as bright.
func (c rgb) scale(k float64) rgb { return rgb{c.r * k, c.g * k, c.b * k} }

// mix is c moved a share t (0..1) of the way to o.
func (c rgb) mix(o rgb, t float64) rgb {
	t = min(max(t, 0), 1)
	return rgb{c.r + (o.r-c.r)*t, c.g + (o.g-c.g)*t, c.b + (o.b-c.b)*t}
}

// The palette: a medium-brown skin, dark brown hair and eyes, a navy jumper over a white
// collar, a warm office wall.
var (
	skinTone  = rgb{196, 142, 108}
	skinShade = rgb{150, 98, 72}
	hairTone  = rgb{46, 31, 24}
	irisTone  = rgb{92, 58, 36}
	lipTone   = rgb{168, 92, 86}
	jumper    = rgb{44, 58, 88}
	collar    = rgb{226, 228, 232}
	wallTone  = rgb{188, 176, 158}
)

// person is the face scene's subject drawn once: colour and coverage, eyes open and
// closed, on a canvas the frames shift to make the head move.
type person struct {
	open, closed *image.NRGBA
}

// FaceScenes draws the face scene's FaceFrames frames: a person (head and shoulders,
// drawn by this code, nobody real) in front of a webcam in an office, swaying a little,
// blinking once, with sensor noise that differs frame to frame so that a video of it is
// not a still. It is deterministic: the same pixels every call.
func FaceScenes() []*image.RGBA {
	bg := faceBackground()
	p := drawPerson()
	rng := rand.New(rand.NewPCG(21, 7))
	noise := make([]float64, 1<<16) // sensor noise, read from a random place each frame
	for i := range noise {
		noise[i] = rng.NormFloat64() * 2.2
	}
	out := make([]*image.RGBA, FaceFrames)
	for i := range out {
		img := image.NewRGBA(bg.Rect)
		copy(img.Pix, bg.Pix)
		layer := p.open
		if i == faceBlink {
			layer = p.closed
		}
		draw.Draw(img, img.Rect.Add(faceOffset(i)), layer, image.Point{}, draw.Over)
		light := 1 + 0.012*math.Sin(6*math.Pi*float64(i)/FaceFrames) // the auto exposure breathing
		k, step := rng.IntN(len(noise)), 1+2*rng.IntN(64)
		for j := 0; j < len(img.Pix); j += 4 {
			k = (k + step) & (len(noise) - 1)
			n := noise[k]
			img.Pix[j] = clamp(float64(img.Pix[j])*light + n)
			img.Pix[j+1] = clamp(float64(img.Pix[j+1])*light + n)
			img.Pix[j+2] = clamp(float64(img.Pix[j+2])*light + n*1.2)
		}
		out[i] = img
	}
	return out
}

// faceOffset is where frame i of the loop puts the person: a sway from side to side and
// a smaller nod, one period over the loop.
func faceOffset(i int) image.Point {
	phase := 2 * math.Pi * float64(i) / FaceFrames
	return image.Pt(int(math.Round(7*math.Sin(phase))), int(math.Round(3*math.Sin(2*phase))))
}

// FaceJPEGs is FaceScenes, each frame encoded at quality 90.
func FaceJPEGs() ([][]byte, error) {
	var out [][]byte
	for i, img := range FaceScenes() {
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
			return nil, fmt.Errorf("encode frame %d of the demo camera's face: %w", i, err)
		}
		out = append(out, buf.Bytes())
	}
	return out, nil
}

// faceBackground is an out-of-focus office behind the person: a warm wall lit from a
// window on the left, a darker shelf on the right, a ceiling edge, a vignette.
func faceBackground() *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, FaceWidth, FaceHeight))
	for y := 0; y < FaceHeight; y++ {
		for x := 0; x < FaceWidth; x++ {
			fx, fy := float64(x)/FaceWidth, float64(y)/FaceHeight
			c := wallTone.scale(0.78 + 0.3*(1-fx) - 0.08*fy)
			// A window's glow, upper left.
			w := soft(-boxDist(fx, fy, 0.02, 0.05, 0.24, 0.55), 0.05)
			c = c.mix(rgb{236, 236, 230}, w*0.75)
			// A shelf with books, right.
			s := soft(-boxDist(fx, fy, 0.80, 0.18, 1.02, 0.62), 0.03)
			book := 0.75 + 0.25*math.Sin(fx*180)
			c = c.mix(rgb{92 * book, 70 * book, 58}, s*0.8)
			// The ceiling's edge.
			c = c.mix(rgb{150, 142, 130}, soft(0.04-fy, 0.02))
			// Vignette.
			vx, vy := fx-0.5, fy-0.5
			c = c.scale(1 - 0.35*(vx*vx+vy*vy))
			set(img, x, y, c, 1)
		}
	}
	return img
}

// drawPerson draws the head and shoulders centred on the frame, and again with the eyes
// closed (only the eyes are drawn again).
func drawPerson() person {
	open := personLayer(false, personBounds)
	closed := image.NewNRGBA(open.Rect)
	copy(closed.Pix, open.Pix)
	fillPerson(closed, true, eyesBounds)
	return person{open: open, closed: closed}
}

// personBounds holds every pixel of the person; eyesBounds both eyes.
var (
	personBounds = image.Rect(0, int(headY-headRY-60), FaceWidth, FaceHeight)
	eyesBounds   = image.Rect(int(headX-eyeDX-30), int(eyeY-20), int(headX+eyeDX+31), int(eyeY+20))
)

// The person's geometry, in pixels of the face scene.
const (
	headX, headY   = 640.0, 300.0
	headRX, headRY = 116.0, 150.0
	eyeDX, eyeY    = 47.0, 292.0
)

// personLayer draws the person on a transparent frame, within r.
func personLayer(blink bool, r image.Rectangle) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, FaceWidth, FaceHeight))
	fillPerson(img, blink, r)
	return img
}

// fillPerson draws the pixels of the person within r.
func fillPerson(img *image.NRGBA, blink bool, r image.Rectangle) {
	grain := rand.New(rand.NewPCG(5, 9))
	strands := make([]float64, 64)
	for i := range strands {
		strands[i] = grain.Float64()
	}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if y < 555 && math.Abs(float64(x)-headX) > 175 {
				continue // beside the head, above the shoulders: nothing of the person
			}
			c, a := personPixel(float64(x)+0.5, float64(y)+0.5, blink, strands)
			if a > 0 {
				set(img, x, y, c, a)
			}
		}
	}
}

// personPixel shades one pixel of the person: its colour and coverage.
func personPixel(x, y float64, blink bool, strands []float64) (rgb, float64) {
	var c rgb
	var a float64
	over := func(o rgb, cov float64) {
		if cov <= 0 {
			return
		}
		c = c.mix(o, cov/max(a+cov*(1-a), 1e-9))
		a = a + cov*(1-a)
	}
	// Hair behind the head, falling to the shoulders.
	hairBack := soft(-ellipseDist(x, y, headX, headY+10, headRX+34, headRY+48), 2)
	hairBack *= soft(560-y, 30)
	over(hairShade(x, y, strands).scale(0.8), hairBack)

	// Neck, shadowed under the chin.
	neck := soft(-(math.Abs(x-headX)-58-0.1*max(y-440, 0)), 1.5) * soft(y-360, 2) * soft(580-y, 2)
	if neck > 0 {
		chin := soft(470-y, 25) // darker just under the jaw
		over(skinAt(0.86-0.22*chin-0.12*(x-headX)/60), neck)
	}
	// Shoulders and jumper: sloping from the neck, rounding over the arms.
	u := math.Abs(x-headX) / 460
	sh := soft(y-(560+55*u+40*math.Pow(u, 6)), 1.5)
	if sh > 0 {
		nx := (x - headX) / 560
		shade := 0.7 + 0.35*(1-math.Abs(nx)) - 0.15*max(nx, 0) - 0.1*soft(610-y, 30)
		knit := 1 + 0.03*math.Sin(x*0.9)*math.Sin(y*0.7)
		over(jumper.scale(shade*knit), sh)
	}
	// The collar and a V of skin at the throat.
	col := soft(-ellipseDist(x, y, headX, 568, 100, 36), 1.5) * soft(y-538, 2)
	over(collar.scale(0.9-0.2*(x-headX)/100), col)
	vee := soft(-(math.Abs(x-headX)-(615-y)*0.55), 1.5) * soft(y-538, 2) * soft(615-y, 2)
	over(skinAt(0.72), vee)

	// Ears.
	for _, s := range []float64{-1, 1} {
		ear := soft(-ellipseDist(x, y, headX+s*(headRX-4), 318, 20, 38), 1.2)
		over(skinAt(0.9-0.1*s), ear)
		inner := soft(-ellipseDist(x, y, headX+s*(headRX+2), 320, 8, 22), 2)
		over(skinShade.scale(0.85), inner*ear*0.7)
	}
	// The face: an ellipsoid lit from the upper left, narrower at the jaw.
	jaw := headRX * (1 - 0.18*soft(y-(headY+40), 60))
	face := soft(-ellipseDist(x, y, headX, headY, jaw, headRY), 1.2)
	if face > 0 {
		over(faceShade(x, y, jaw), face)
		over(features(x, y, blink, c), face)
	}
	// Hair on top: a fringe swept to one side, down the temples.
	hl := 205 + 70*math.Pow(math.Abs(x-headX-20)/headRX, 2) - 12*math.Sin((x-headX)/40)
	top := soft(-ellipseDist(x, y, headX, headY-14, headRX+12, headRY+6), 1.5) * soft(hl-y, 3)
	over(hairShade(x, y, strands), top)
	return c, a
}

// faceShade is the skin of the face at (x, y): lit from the upper left, a warmer blush
// on the cheeks, darker towards the jaw's edge.
func faceShade(x, y, jaw float64) rgb {
	nx, ny := (x-headX)/jaw, (y-headY)/headRY
	nz := math.Sqrt(max(1-nx*nx-ny*ny, 0))
	lit := 0.55 + 0.5*max(-0.42*nx-0.38*ny+0.82*nz, 0)
	c := skinTone.scale(lit)
	for _, s := range []float64{-1, 1} {
		cheek := gauss(x-(headX+s*62), y-338, 26)
		c = c.mix(rgb{200, 112, 96}.scale(lit), cheek*0.35)
	}
	return c
}

// skinAt is skin at brightness k.
func skinAt(k float64) rgb { return skinTone.scale(k) }

// features shades the eyes, brows, nose and mouth over the face colour under them.
func features(x, y float64, blink bool, under rgb) rgb {
	c := under
	for _, s := range []float64{-1, 1} {
		ex := headX + s*eyeDX
		// The socket's shadow and the eye.
		c = c.scale(1 - 0.18*gauss(x-ex, y-eyeY+2, 20))
		almond := eyeDist(x-ex, y-eyeY)
		if blink {
			lid := soft(-(math.Abs(y-eyeY-1)-1.6), 0.8) * soft(-(math.Abs(x-ex)-21), 1)
			c = c.mix(hairTone, lid*0.9)
			c = c.scale(1 - 0.1*soft(-almond, 1))
		} else {
			in := soft(-almond, 0.8)
			if in > 0 {
				eye := rgb{226, 220, 212}.scale(0.85 + 0.1*(1-math.Abs(x-ex)/22))
				ir := math.Hypot(x-ex, y-eyeY)
				eye = eye.mix(irisTone.scale(0.8+0.3*(ir/9)), soft(9-ir, 0.8))
				eye = eye.mix(rgb{18, 12, 10}, soft(3.8-ir, 0.8))
				eye = eye.mix(rgb{250, 250, 250}, soft(1.8-math.Hypot(x-ex+3, y-eyeY+3), 0.8))
				eye = eye.scale(1 - 0.25*soft(eyeY-6-y, 3)) // the upper lid's shadow
				c = c.mix(eye, in)
			}
			lash := soft(-(math.Abs(almond)-1.4), 0.8) * soft(eyeY+1-y, 1)
			c = c.mix(hairTone.scale(0.7), lash)
		}
		// The brow: an arch above the eye.
		bx := (x - ex) / 32
		by := eyeY - 30 - 8*(1-bx*bx) + s*bx*3
		brow := soft(-(math.Abs(y-by)-4.2+2*max(s*bx, 0)), 1) * soft(1-math.Abs(bx+s*0.1), 0.05)
		c = c.mix(hairTone, brow*0.9)
	}
	// The nose: a shadow down the side away from the light, a lit tip, nostrils.
	side := gauss(x-headX-13, (y-330)*0.35, 6) * soft(y-285, 8)
	c = c.scale(1 - 0.22*side)
	c = c.scale(1 + 0.08*gauss(x-headX+3, y-345, 9))
	c = c.scale(1 - 0.2*gauss(x-headX, y-360, 12)) // under the nose
	for _, s := range []float64{-1, 1} {
		c = c.mix(skinShade.scale(0.6), soft(-ellipseDist(x, y, headX+s*10, 355, 5.5, 3.2), 0.8)*0.8)
	}
	// The mouth: lips, the line between them, a shadow under the lower lip.
	up := soft(-ellipseDist(x, y, headX, 394, 34, 8), 1) * soft(396-y, 1)
	low := soft(-ellipseDist(x, y, headX, 396, 31, 10), 1) * soft(y-396, 1)
	c = c.mix(lipTone.scale(0.85), up)
	c = c.mix(lipTone.scale(1.02), low)
	c = c.mix(rgb{90, 40, 40}, soft(-(math.Abs(y-396)-1.2), 0.8)*soft(33-math.Abs(x-headX), 2))
	c = c.scale(1 - 0.15*gauss(x-headX, y-415, 10))
	return c
}

// eyeDist is about the distance in pixels outside an almond-shaped eye 44 px wide.
func eyeDist(dx, dy float64) float64 {
	w := 22.0
	h := 9.5 * math.Sqrt(max(1-(dx/w)*(dx/w), 0))
	if dy > 0 {
		h *= 0.8
	}
	return max(math.Abs(dx)-w, math.Abs(dy)-h)
}

// hairShade is hair colour with strands: fine streaks along the hair, lighter on top.
func hairShade(x, y float64, strands []float64) rgb {
	k := int(x/3) & 63
	streak := 0.85 + 0.3*strands[k]*(0.6+0.4*math.Sin(y/13+strands[(k+7)&63]*6))
	shine := 1 + 0.35*gauss(x-headX+40, y-190, 40)
	return hairTone.scale(streak * shine)
}

// ellipseDist is about the signed distance in pixels from (x, y) to the ellipse centred at
// (cx, cy) with radii rx, ry: negative inside.
func ellipseDist(x, y, cx, cy, rx, ry float64) float64 {
	dx, dy := (x-cx)/rx, (y-cy)/ry
	return (math.Sqrt(dx*dx+dy*dy) - 1) * min(rx, ry)
}

// boxDist is the signed distance from (x, y) to the box [x0, x1]x[y0, y1] (any unit).
func boxDist(x, y, x0, y0, x1, y1 float64) float64 {
	return max(x0-x, x-x1, y0-y, y-y1)
}

// soft is 0 for v far below 0, 1 far above, a smooth step of half-width w around 0:
// coverage from a signed distance.
func soft(v, w float64) float64 {
	t := min(max((v+w)/(2*w), 0), 1)
	return t * t * (3 - 2*t)
}

// gauss is a round bump of radius s centred at 0.
func gauss(dx, dy, s float64) float64 { return math.Exp(-(dx*dx + dy*dy) / (2 * s * s)) }

// set writes c with coverage a at (x, y).
func set(img draw.Image, x, y int, c rgb, a float64) {
	if rgba, ok := img.(*image.RGBA); ok {
		i := rgba.PixOffset(x, y)
		rgba.Pix[i], rgba.Pix[i+1], rgba.Pix[i+2], rgba.Pix[i+3] = clamp(c.r), clamp(c.g), clamp(c.b), 255
		return
	}
	img.Set(x, y, color.NRGBA{R: clamp(c.r), G: clamp(c.g), B: clamp(c.b), A: clamp(a * 255)})
}
