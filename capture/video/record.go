package video

import (
	"context"
	"fmt"
	"image"
	"io"
	"log/slog"
	"time"

	"github.com/pion/mediadevices/pkg/codec"
	"github.com/pion/mediadevices/pkg/codec/vpx"
	mdvideo "github.com/pion/mediadevices/pkg/io/video"
	"github.com/pion/mediadevices/pkg/prop"

	"github.com/enrolkiosk/enrolkiosk/capture/camera"
	"github.com/enrolkiosk/enrolkiosk/config"
)

// Source is the camera a clip is recorded from; *camera.Camera is one.
type Source interface {
	Subscribe(depth int) *camera.Subscription
	Err() error
	Size() camera.Size
	FrameRate() float32
}

var _ Source = (*camera.Camera)(nil)

// Options controls Record.
type Options struct {
	// Duration of the clip; default 4 s.
	Duration time.Duration
	// MaxBytes caps the WebM file; default 2 MB. Recording stops early rather than
	// exceed it (Clip.Capped tells).
	MaxBytes int
	// BitRate in bits per second; default: what fills three quarters of MaxBytes.
	BitRate int
	// OnProgress, if set, is called from the recording goroutine after each frame.
	// It must return quickly (post to the UI with fyne.Do).
	OnProgress func(Progress)
	// Logger receives a summary line (sizes, frame counts, nothing personal).
	Logger *slog.Logger
}

// Progress reports a recording in flight.
type Progress struct {
	Elapsed, Duration time.Duration
	Frames, Bytes     int
}

// Clip is a recorded WebM/VP8 video.
type Clip struct {
	WebM          []byte
	Width, Height int
	// Frames is how many frames the file holds; Duration the span of their timestamps
	// plus one frame interval.
	Frames   int
	Duration time.Duration
	// Dropped counts camera frames skipped because the encoder was behind.
	Dropped uint64
	// Capped is true when the byte cap ended the recording before Duration.
	Capped bool
}

func (o *Options) defaults() {
	if o.Duration <= 0 {
		o.Duration = 4 * time.Second
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = 2_000_000
	}
	if o.BitRate <= 0 {
		o.BitRate = int(float64(o.MaxBytes) * 8 * 0.75 / o.Duration.Seconds())
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
}

// Record records a clip from src. It returns when the duration is reached, the byte cap
// is near, ctx is cancelled (no clip), or the camera stops: then the clip holds what was
// recorded and the error wraps the camera's (camera.ErrCameraLost).
func Record(ctx context.Context, src Source, opts Options) (Clip, error) {
	opts.defaults()
	size := src.Size()
	if size.Width%2 != 0 || size.Height%2 != 0 || size.Area() == 0 {
		return Clip{}, fmt.Errorf("record video: the camera's frame size %v must be even", size)
	}
	sub := src.Subscribe(8)
	defer sub.Cancel()
	r := &frameReader{ctx: ctx, sub: sub}
	enc, err := newEncoder(r, size, src.FrameRate(), opts.BitRate)
	if err != nil {
		return Clip{}, err
	}
	defer enc.Close()
	cuesReserve := cueBaseBytes + cueBytesPerSec*int(opts.Duration.Seconds()+1)
	buf := newBuffer(opts.MaxBytes)
	w, err := newWebMWriter(buf, size.Width, size.Height, cuesReserve)
	if err != nil {
		return Clip{}, err
	}
	clip, loopErr := encodeLoop(ctx, enc, r, w, opts, buf.Len()+cuesReserve)
	clip.Width, clip.Height, clip.Dropped = size.Width, size.Height, sub.Dropped()
	data, err := w.finish()
	if err != nil {
		return Clip{}, err
	}
	clip.WebM = data
	opts.Logger.InfoContext(ctx, "selfie video recorded", "frames", clip.Frames, "bytes", len(data),
		"duration", clip.Duration, "dropped", clip.Dropped, "capped", clip.Capped)
	return finishErr(ctx, src, clip, loopErr)
}

// finishErr decides what a stopped recording returns.
func finishErr(ctx context.Context, src Source, clip Clip, loopErr error) (Clip, error) {
	switch {
	case loopErr == nil:
		return clip, nil
	case ctx.Err() != nil:
		return Clip{}, fmt.Errorf("recording cancelled: %w", ctx.Err())
	case clip.Frames == 0:
		return Clip{}, fmt.Errorf("%w: %w", ErrNoFrames, cameraErr(src, loopErr))
	}
	return clip, fmt.Errorf("the recording stopped after %v, the clip keeps what was recorded: %w",
		clip.Duration.Round(10*time.Millisecond), cameraErr(src, loopErr))
}

func cameraErr(src Source, err error) error {
	if cerr := src.Err(); cerr != nil {
		return cerr
	}
	return err
}

// encodeLoop encodes frames until the duration or the byte cap is reached.
func encodeLoop(ctx context.Context, enc codec.ReadCloser, r *frameReader, w *webmWriter, opts Options, used int) (Clip, error) {
	var clip Clip
	interval := time.Duration(0)
	prev := int64(-1)
	for {
		data, release, err := enc.Read()
		if err != nil {
			return clip, err
		}
		ms := blockTime(prev, r.last.Sub(r.first))
		prev = ms
		elapsed := time.Duration(ms) * time.Millisecond
		if elapsed >= opts.Duration {
			release()
			return clip, nil
		}
		need := len(data) + blockOverhead
		if isKeyFrame(data) {
			need += clusterOverhead
		}
		if used+need > opts.MaxBytes {
			release()
			clip.Capped = true
			return clip, nil
		}
		err = w.write(data, ms)
		release()
		if err != nil {
			return clip, err
		}
		used += need
		clip.Frames++
		if clip.Frames > 1 {
			interval = elapsed / time.Duration(clip.Frames-1)
		}
		clip.Duration = elapsed + interval
		if opts.OnProgress != nil {
			opts.OnProgress(Progress{Elapsed: elapsed, Duration: opts.Duration, Frames: clip.Frames, Bytes: used})
		}
		if err := ctx.Err(); err != nil {
			return clip, err
		}
	}
}

// blockTime is a frame's WebM timestamp in milliseconds. Frames read less than a
// millisecond apart (a camera catching up after a stall) would share one; players need
// them strictly increasing, so a repeat moves one millisecond on.
func blockTime(prev int64, sinceFirst time.Duration) int64 {
	return max(sinceFirst.Milliseconds(), prev+1)
}

// frameReader feeds subscription frames to the encoder and remembers their times.
type frameReader struct {
	ctx         context.Context
	sub         *camera.Subscription
	first, last time.Time
	frames      int
}

var _ mdvideo.Reader = (*frameReader)(nil)

func (r *frameReader) Read() (image.Image, func(), error) {
	select {
	case f, ok := <-r.sub.C:
		if !ok {
			return nil, func() {}, io.EOF
		}
		if r.frames++; r.frames == 1 {
			r.first = f.Time
		}
		r.last = f.Time
		return f.Image, func() {}, nil
	case <-r.ctx.Done():
		return nil, func() {}, r.ctx.Err()
	}
}

// newEncoder builds a real-time VP8 encoder over r.
func newEncoder(r mdvideo.Reader, size camera.Size, rate float32, bitRate int) (codec.ReadCloser, error) {
	params, err := vpx.NewVP8Params()
	if err != nil {
		return nil, fmt.Errorf("set up the VP8 encoder (is libvpx installed?): %w", err)
	}
	params.BitRate = bitRate
	params.KeyFrameInterval = max(int(rate), 1) // one key frame a second: clusters and cues
	params.Deadline = time.Microsecond          // VPX_DL_REALTIME
	params.RateControlEndUsage = vpx.RateControlVBR
	enc, err := params.BuildVideoEncoder(r, prop.Media{Video: prop.Video{Width: size.Width, Height: size.Height, FrameRate: rate}})
	if err != nil {
		return nil, fmt.Errorf("start the VP8 encoder at %v: %w", size, err)
	}
	return enc, nil
}

// OptionsFromConfig returns the recording options a configuration sets.
func OptionsFromConfig(c config.Camera) Options {
	return Options{Duration: c.VideoDuration.Duration, MaxBytes: c.VideoMaxBytes}
}
