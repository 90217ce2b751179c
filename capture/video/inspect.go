package video

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/pion/mediadevices/pkg/codec"
	"github.com/pion/mediadevices/pkg/codec/vpx"
	"github.com/pion/mediadevices/pkg/prop"

	"github.com/enrolkiosk/enrolkiosk/capture/video/webmfile"
)

// ErrNotPlayable means a selfie video file is not a WebM/VP8 clip that decodes.
var ErrNotPlayable = errors.New("the video is not a playable WebM/VP8 clip")

// Info describes a checked selfie video.
type Info struct {
	Width    int           `json:"width"`
	Height   int           `json:"height"`
	Frames   int           `json:"frames"`
	Duration time.Duration `json:"duration"`
	Bytes    int           `json:"bytes"`
}

// Inspect checks that data is a WebM file whose VP8 track decodes frame by frame with
// libvpx, and describes it. Use it on a selfie video that did not come from Record (a
// file handed over for import, an upload in the sandbox).
func Inspect(ctx context.Context, data []byte) (Info, error) {
	c, err := webmfile.Parse(data)
	if err != nil {
		return Info{}, fmt.Errorf("%w: %w", ErrNotPlayable, err)
	}
	if c.Codec != "V_VP8" {
		return Info{}, fmt.Errorf("%w: codec %s (record it again with this program, which writes VP8)", ErrNotPlayable, c.Codec)
	}
	if !webmfile.IsVP8KeyFrame(c.Frames[0]) {
		return Info{}, fmt.Errorf("%w: the first frame is not a key frame", ErrNotPlayable)
	}
	if err := decodeAll(ctx, c); err != nil {
		return Info{}, err
	}
	return Info{Width: c.Width, Height: c.Height, Frames: len(c.Frames), Duration: c.Duration, Bytes: len(data)}, nil
}

// decodeAll runs every frame through the VP8 decoder.
func decodeAll(ctx context.Context, c *webmfile.Clip) error {
	dec, next, err := clipDecoder(c)
	if err != nil {
		return err
	}
	defer dec.Close()
	for next() < len(c.Frames) {
		if err := ctx.Err(); err != nil {
			return err
		}
		if _, _, err := dec.Read(); err != nil {
			return fmt.Errorf("%w: frame %d of %d does not decode: %v", ErrNotPlayable, next(), len(c.Frames), err)
		}
	}
	return nil
}

// clipDecoder is a VP8 decoder fed with c's frames in order; next tells how many frames
// it has taken so far.
func clipDecoder(c *webmfile.Clip) (dec codec.VideoDecoder, next func() int, err error) {
	taken := 0
	feed := readerFunc(func(b []byte) (int, error) {
		if taken >= len(c.Frames) {
			return 0, errors.New("no more frames")
		}
		f := c.Frames[taken]
		taken++
		if len(f) > len(b) {
			return 0, fmt.Errorf("frame %d is %d bytes, larger than a VP8 frame can be here", taken, len(f))
		}
		return copy(b, f), nil
	})
	dec, err = vpx.NewDecoder(feed, prop.Media{Video: prop.Video{Width: c.Width, Height: c.Height}})
	if err != nil {
		return nil, nil, fmt.Errorf("start the VP8 decoder: %w", err)
	}
	return dec, func() int { return taken }, nil
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(b []byte) (int, error) { return f(b) }
