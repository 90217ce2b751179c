// Package webmfile reads WebM files from outside (a selfie clip handed over by
// `enrolctl enrol --from-dir`, a demo clip played as a camera, an upload the sandbox
// checks): it bounds every element's declared size before ebml-go allocates it, and
// extracts the first video track's frames with their timestamps.
package webmfile

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"github.com/at-wat/ebml-go"
	"github.com/at-wat/ebml-go/webm"
)

// ErrInvalid means the bytes are not a WebM file this package can read; the wrapped
// message says what is wrong.
var ErrInvalid = errors.New("not a usable WebM video")

// MaxFrames bounds the frames Parse keeps (a selfie clip has about 120).
const MaxFrames = 3000

// Clip is the first video track of a WebM file, its frames still encoded.
type Clip struct {
	// Codec is the Matroska codec id, e.g. "V_VP8".
	Codec         string
	Width, Height int
	// Frames are the encoded frames in file order; Times their timestamps from the
	// first frame.
	Frames [][]byte
	Times  []time.Duration
	// Duration is the file's declared duration, or the span of the timestamps.
	Duration time.Duration
}

// Parse reads data. It fails with ErrInvalid for anything but a WebM/Matroska file with
// a video track that has frames.
func Parse(data []byte) (*Clip, error) {
	if err := checkEBMLSizes(data); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	var doc struct {
		Header  webm.EBMLHeader `ebml:"EBML"`
		Segment webm.Segment    `ebml:"Segment"`
	}
	if err := ebml.Unmarshal(bytes.NewReader(data), &doc); err != nil && len(doc.Segment.Cluster) == 0 {
		return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	if doc.Header.DocType != "webm" && doc.Header.DocType != "matroska" {
		return nil, fmt.Errorf("%w: document type %q", ErrInvalid, doc.Header.DocType)
	}
	track := videoTrack(doc.Segment.Tracks.TrackEntry)
	if track == nil {
		return nil, fmt.Errorf("%w: no video track", ErrInvalid)
	}
	c := &Clip{Codec: track.CodecID, Width: int(track.Video.PixelWidth), Height: int(track.Video.PixelHeight)}
	if c.Width < 2 || c.Height < 2 || c.Width > 8192 || c.Height > 8192 {
		return nil, fmt.Errorf("%w: video size %dx%d", ErrInvalid, c.Width, c.Height)
	}
	scale := time.Duration(doc.Segment.Info.TimecodeScale)
	if scale <= 0 {
		scale = time.Millisecond
	}
	c.collect(doc.Segment.Cluster, track.TrackNumber, scale)
	if len(c.Frames) == 0 {
		return nil, fmt.Errorf("%w: the video track has no frames", ErrInvalid)
	}
	c.Duration = time.Duration(doc.Segment.Info.Duration * float64(scale))
	if last := c.Times[len(c.Times)-1]; c.Duration <= 0 || c.Duration > 24*time.Hour {
		c.Duration = last
	}
	return c, nil
}

func videoTrack(ts []webm.TrackEntry) *webm.TrackEntry {
	for i, t := range ts {
		if t.TrackType == 1 && t.Video != nil {
			return &ts[i]
		}
	}
	return nil
}

// collect gathers the track's frames and their times from the first one.
func (c *Clip) collect(clusters []webm.Cluster, track uint64, scale time.Duration) {
	first, have := int64(0), false
	for _, cl := range clusters {
		for _, b := range cl.SimpleBlock {
			if b.TrackNumber != track || len(b.Data) == 0 || len(c.Frames) >= MaxFrames {
				continue
			}
			tc := int64(cl.Timecode) + int64(b.Timecode)
			if !have {
				first, have = tc, true
			}
			c.Frames = append(c.Frames, b.Data[0])
			c.Times = append(c.Times, time.Duration(tc-first)*scale)
		}
	}
}

// IsVP8KeyFrame reads a VP8 frame tag: bit 0 of the first byte is 0 for a key frame.
func IsVP8KeyFrame(f []byte) bool { return len(f) > 0 && f[0]&1 == 0 }
