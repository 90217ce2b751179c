package video

import (
	"fmt"

	"github.com/at-wat/ebml-go/mkvcore"
	"github.com/at-wat/ebml-go/webm"

	"github.com/enrolkiosk/enrolkiosk/internal/buildinfo"
)

// Container overheads counted against the byte cap, on the generous side: a SimpleBlock
// header per frame, a Cluster header per key frame, and the Cues index reserved at the
// start.
const (
	blockOverhead   = 16
	clusterOverhead = 32
	cueBytesPerSec  = 32
	cueBaseBytes    = 128
)

// webmWriter writes one VP8 track.
type webmWriter struct {
	buf *buffer
	w   webm.BlockWriteCloser
}

func newWebMWriter(buf *buffer, width, height int, cuesReserve int) (*webmWriter, error) {
	info := &webm.Info{TimecodeScale: 1_000_000, MuxingApp: "ebml-go", WritingApp: buildinfo.Product + " " + buildinfo.Version()}
	ws, err := webm.NewSimpleBlockWriter(buf, []webm.TrackEntry{{
		Name: "Selfie", TrackNumber: 1, TrackUID: 1, CodecID: "V_VP8", TrackType: 1,
		Video: &webm.Video{PixelWidth: uint64(width), PixelHeight: uint64(height)},
	}}, mkvcore.WithSegmentInfo(info), mkvcore.WithSeekHead(true), mkvcore.WithCues(cuesReserve))
	if err != nil {
		return nil, fmt.Errorf("start the WebM file: %w", err)
	}
	return &webmWriter{buf: buf, w: ws[0]}, nil
}

// write adds one encoded frame at ms milliseconds from the start.
func (w *webmWriter) write(frame []byte, ms int64) error {
	if _, err := w.w.Write(isKeyFrame(frame), ms, frame); err != nil {
		return fmt.Errorf("write a video frame: %w", err)
	}
	return nil
}

// finish writes the cues and the duration and returns the file.
func (w *webmWriter) finish() ([]byte, error) {
	if err := w.w.Close(); err != nil {
		return nil, fmt.Errorf("finish the WebM file: %w", err)
	}
	<-w.buf.closed
	return w.buf.Bytes(), nil
}

// isKeyFrame reads the VP8 frame tag: bit 0 of the first byte is 0 for a key frame.
func isKeyFrame(frame []byte) bool { return len(frame) > 0 && frame[0]&1 == 0 }
