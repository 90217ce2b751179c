package camera

import (
	"errors"
	"fmt"
	"image"
	"io"
	"time"
)

// pump reads frames until the camera is closed or fails, and fans them out.
func (c *Camera) pump() {
	defer close(c.pumpDone)
	defer c.endSubscriptions()
	var seq uint64
	for {
		img, release, err := c.reader.Read()
		select {
		case <-c.stopped:
			if release != nil {
				release()
			}
			return
		default:
		}
		if err != nil {
			c.fail(err)
			return
		}
		f := Frame{Image: cloneImage(img), Time: time.Now(), Seq: seq + 1}
		release()
		seq++
		c.publish(f)
	}
}

// fail records why the device stopped.
func (c *Camera) fail(err error) {
	if errors.Is(err, io.EOF) {
		err = errors.New("the device ended its stream")
	}
	c.mu.Lock()
	if c.err == nil {
		c.err = fmt.Errorf("%w: %q: %v (check the cable, then reopen the camera; frames captured so far are kept)",
			ErrCameraLost, c.label, err)
	}
	c.mu.Unlock()
	c.log.Warn("camera lost", "label", c.label, "err", err)
}

// cloneImage copies a frame out of the driver's buffers, which it reuses.
func cloneImage(img image.Image) image.Image {
	switch s := img.(type) {
	case *image.YCbCr:
		d := image.NewYCbCr(s.Rect, s.SubsampleRatio)
		copyPlane(d.Y, d.YStride, s.Y, s.YStride, s.Rect.Dx(), s.Rect.Dy())
		cw, ch := chromaSize(s)
		copyPlane(d.Cb, d.CStride, s.Cb, s.CStride, cw, ch)
		copyPlane(d.Cr, d.CStride, s.Cr, s.CStride, cw, ch)
		return d
	case *image.RGBA:
		d := image.NewRGBA(s.Rect)
		copyPlane(d.Pix, d.Stride, s.Pix, s.Stride, 4*s.Rect.Dx(), s.Rect.Dy())
		return d
	case *image.NRGBA:
		d := image.NewNRGBA(s.Rect)
		copyPlane(d.Pix, d.Stride, s.Pix, s.Stride, 4*s.Rect.Dx(), s.Rect.Dy())
		return d
	}
	b := img.Bounds()
	d := image.NewRGBA(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			d.Set(x, y, img.At(x, y))
		}
	}
	return d
}

func copyPlane(dst []byte, dstStride int, src []byte, srcStride, w, h int) {
	for y := 0; y < h; y++ {
		copy(dst[y*dstStride:y*dstStride+w], src[y*srcStride:y*srcStride+w])
	}
}

// chromaSize is the size of the Cb and Cr planes of a YCbCr image.
func chromaSize(m *image.YCbCr) (w, h int) {
	w, h = m.Rect.Dx(), m.Rect.Dy()
	switch m.SubsampleRatio {
	case image.YCbCrSubsampleRatio422:
		return (w + 1) / 2, h
	case image.YCbCrSubsampleRatio420:
		return (w + 1) / 2, (h + 1) / 2
	case image.YCbCrSubsampleRatio440:
		return w, (h + 1) / 2
	case image.YCbCrSubsampleRatio411:
		return (w + 3) / 4, h
	case image.YCbCrSubsampleRatio410:
		return (w + 3) / 4, (h + 1) / 2
	}
	return w, h
}
