package camera

import (
	"fmt"
	"image"
	"io"
	"os"
	"sync"

	"github.com/pion/mediadevices/pkg/codec"
	"github.com/pion/mediadevices/pkg/codec/vpx"
	"github.com/pion/mediadevices/pkg/prop"

	"github.com/enrolkiosk/enrolkiosk/capture/video/webmfile"
)

// maxClipBytes bounds a clip played as a camera.
const maxClipBytes = 50 << 20

// vp8Clip is a WebM file's VP8 frames, still encoded, in play order.
type vp8Clip struct {
	size   Size
	frames [][]byte
}

// readWebM loads the first video track of a WebM file. It accepts VP8 only.
func readWebM(path string) (*vp8Clip, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadSource, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxClipBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%w: read %s: %v", ErrBadSource, path, err)
	}
	if len(data) > maxClipBytes {
		return nil, fmt.Errorf("%w: %s is over %d MB; use a short clip", ErrBadSource, path, maxClipBytes>>20)
	}
	c, err := parseWebM(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrBadSource, path, err)
	}
	return c, nil
}

// parseWebM extracts the VP8 frames of data, a WebM file from outside.
func parseWebM(data []byte) (*vp8Clip, error) {
	c, err := webmfile.Parse(data)
	if err != nil {
		return nil, err
	}
	if c.Codec != "V_VP8" {
		return nil, fmt.Errorf("video codec %s is not supported; use VP8", c.Codec)
	}
	if c.Width%2+c.Height%2 != 0 || c.Width > 4096 || c.Height > 4096 {
		return nil, fmt.Errorf("video size %dx%d is not usable (even sizes up to 4096 only)", c.Width, c.Height)
	}
	if !webmfile.IsVP8KeyFrame(c.Frames[0]) {
		return nil, fmt.Errorf("the clip does not start with a key frame")
	}
	return &vp8Clip{size: Size{c.Width, c.Height}, frames: c.Frames[:min(len(c.Frames), maxFileFrames)]}, nil
}

// player decodes a clip's frames in order, starting over at the end.
type player struct {
	mu   sync.Mutex
	clip *vp8Clip
	dec  codec.VideoDecoder
	next int
}

// frameFeed hands the decoder one encoded frame per Read, which is how it reads.
type frameFeed struct{ p *player }

func (f frameFeed) Read(b []byte) (int, error) {
	fr := f.p.clip.frames[f.p.next%len(f.p.clip.frames)]
	f.p.next++
	if len(fr) > len(b) {
		return 0, fmt.Errorf("a %d-byte frame is larger than the decoder's buffer", len(fr))
	}
	return copy(b, fr), nil
}

// frame returns the next decoded picture.
func (p *player) frame() (image.Image, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.dec == nil || p.next%len(p.clip.frames) == 0 {
		if p.dec != nil {
			_ = p.dec.Close()
		}
		p.next = 0
		dec, err := vpx.NewDecoder(frameFeed{p}, prop.Media{Video: prop.Video{Width: p.clip.size.Width, Height: p.clip.size.Height}})
		if err != nil {
			return nil, fmt.Errorf("start the VP8 decoder: %w", err)
		}
		p.dec = dec
	}
	img, _, err := p.dec.Read()
	if err != nil {
		return nil, fmt.Errorf("decode clip frame %d: %w", p.next, err)
	}
	return img, nil
}

func (p *player) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.dec != nil {
		_ = p.dec.Close()
		p.dec = nil
	}
}
