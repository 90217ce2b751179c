package video

import (
	"context"
	"fmt"
	"image"
	"image/draw"

	"github.com/enrolkiosk/enrolkiosk/capture/video/webmfile"
)

// Frames decodes data (a WebM/VP8 clip) frame by frame and hands each frame to each, as
// an image of its own (each may keep it), with the clip's description first known. It
// stops at the end, when ctx ends, or when each returns an error (returned as is). It is
// what a playback of the selfie video shows; pacing is the caller's (Info.Duration /
// Info.Frames a frame).
func Frames(ctx context.Context, data []byte, each func(i int, img image.Image, info Info) error) error {
	c, err := webmfile.Parse(data)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrNotPlayable, err)
	}
	if c.Codec != "V_VP8" || len(c.Frames) == 0 || !webmfile.IsVP8KeyFrame(c.Frames[0]) {
		return fmt.Errorf("%w: codec %s", ErrNotPlayable, c.Codec)
	}
	info := Info{Width: c.Width, Height: c.Height, Frames: len(c.Frames), Duration: c.Duration, Bytes: len(data)}
	dec, next, err := clipDecoder(c)
	if err != nil {
		return err
	}
	defer dec.Close()
	for i := 0; next() < len(c.Frames); i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		img, release, err := dec.Read()
		if err != nil {
			return fmt.Errorf("%w: frame %d of %d does not decode: %v", ErrNotPlayable, next(), len(c.Frames), err)
		}
		own := image.NewRGBA(img.Bounds())
		draw.Draw(own, own.Bounds(), img, img.Bounds().Min, draw.Src)
		release()
		if err := each(i, own, info); err != nil {
			return err
		}
	}
	return nil
}
