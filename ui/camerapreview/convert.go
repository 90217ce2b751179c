package camerapreview

import (
	"image"
	"image/color"
	"image/draw"
)

// fit returns the largest size with the frame's aspect ratio inside box, never larger
// than the frame itself.
func fit(frame image.Rectangle, box image.Point) image.Point {
	fw, fh := frame.Dx(), frame.Dy()
	if box.X <= 0 || box.Y <= 0 || fw == 0 || fh == 0 {
		return image.Point{fw, fh}
	}
	w, h := box.X, box.X*fh/fw
	if h > box.Y {
		w, h = box.Y*fw/fh, box.Y
	}
	if w >= fw || h >= fh {
		return image.Point{fw, fh}
	}
	return image.Point{max(w, 1), max(h, 1)}
}

// toDisplay scales src to size with nearest-neighbour sampling (the preview is for
// framing, not for keeping), converting YCbCr straight to RGBA, optionally mirrored
// (a selfie preview behaves like a mirror).
func toDisplay(src image.Image, size image.Point, mirror bool) *image.RGBA {
	dst := image.NewRGBA(image.Rectangle{Max: size})
	b := src.Bounds()
	xs := make([]int, size.X)
	for x := range xs {
		sx := x
		if mirror {
			sx = size.X - 1 - x
		}
		xs[x] = b.Min.X + sx*b.Dx()/size.X
	}
	y, ok := src.(*image.YCbCr)
	if !ok {
		if size == b.Size() && !mirror {
			draw.Draw(dst, dst.Rect, src, b.Min, draw.Src)
			return dst
		}
		for dy := 0; dy < size.Y; dy++ {
			sy := b.Min.Y + dy*b.Dy()/size.Y
			for dx, sx := range xs {
				dst.Set(dx, dy, src.At(sx, sy))
			}
		}
		return dst
	}
	for dy := 0; dy < size.Y; dy++ {
		sy := b.Min.Y + dy*b.Dy()/size.Y
		row := dst.Pix[dy*dst.Stride : dy*dst.Stride+4*size.X]
		for dx, sx := range xs {
			r, g, bl := color.YCbCrToRGB(y.Y[y.YOffset(sx, sy)], y.Cb[y.COffset(sx, sy)], y.Cr[y.COffset(sx, sy)])
			row[4*dx], row[4*dx+1], row[4*dx+2], row[4*dx+3] = r, g, bl, 255
		}
	}
	return dst
}
