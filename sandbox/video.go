package sandbox

import (
	"bytes"
	"encoding/binary"
	"fmt"

	"github.com/at-wat/ebml-go"
	"github.com/at-wat/ebml-go/webm"
)

// Video limits.
const (
	maxVideoBytes = 64 << 20
	mp4MaxBoxes   = 4096
)

// webmFile is the part of a WebM file the sandbox checks.
type webmFile struct {
	Header  webm.EBMLHeader `ebml:"EBML"`
	Segment webm.Segment    `ebml:"Segment"`
}

// checkVideo accepts a WebM (EBML header, DocType webm, at least one block) or an MP4
// (ftyp box first, then well-formed boxes including moov or mdat) and returns its format.
func checkVideo(field string, b []byte) (string, error) {
	switch {
	case len(b) >= 4 && bytes.Equal(b[:4], []byte{0x1A, 0x45, 0xDF, 0xA3}):
		return "webm", checkWebM(field, b)
	case len(b) >= 8 && string(b[4:8]) == "ftyp":
		return "mp4", checkMP4(field, b)
	}
	return "", fieldErr(field, fmt.Errorf("%w: it starts with neither an EBML header nor an ftyp box", ErrVideo))
}

func checkWebM(field string, b []byte) (err error) {
	defer func() { // the decoder must never take the server down on hostile bytes
		if p := recover(); p != nil {
			err = fieldErr(field, fmt.Errorf("%w: malformed EBML", ErrVideo))
		}
	}()
	var f webmFile
	if err := ebml.Unmarshal(bytes.NewReader(b), &f, ebml.WithIgnoreUnknown(true)); err != nil {
		return fieldErr(field, fmt.Errorf("%w (%v)", ErrVideo, err))
	}
	if f.Header.DocType != "webm" {
		return fieldErr(field, fmt.Errorf("%w: EBML DocType is %q, not webm", ErrVideo, f.Header.DocType))
	}
	if len(f.Segment.Tracks.TrackEntry) == 0 {
		return fieldErr(field, fmt.Errorf("%w: no track", ErrVideo))
	}
	for _, c := range f.Segment.Cluster {
		if len(c.SimpleBlock) > 0 || len(c.BlockGroup) > 0 {
			return nil
		}
	}
	return fieldErr(field, fmt.Errorf("%w: no video block (is the recording empty?)", ErrVideo))
}

// checkMP4 walks the top-level boxes: each size must fit, and moov and mdat must be there.
func checkMP4(field string, b []byte) error {
	seen := map[string]bool{}
	for off, n := 0, 0; off < len(b); n++ {
		if n > mp4MaxBoxes || len(b)-off < 8 {
			return fieldErr(field, fmt.Errorf("%w: truncated box at byte %d", ErrVideo, off))
		}
		size := uint64(binary.BigEndian.Uint32(b[off:]))
		typ := string(b[off+4 : off+8])
		hdr := uint64(8)
		switch size {
		case 0:
			size = uint64(len(b) - off)
		case 1:
			if len(b)-off < 16 {
				return fieldErr(field, fmt.Errorf("%w: truncated large box at byte %d", ErrVideo, off))
			}
			size, hdr = binary.BigEndian.Uint64(b[off+8:]), 16
		}
		if size < hdr || size > uint64(len(b)-off) {
			return fieldErr(field, fmt.Errorf("%w: box %q at byte %d claims %d bytes, %d left", ErrVideo, typ, off, size, len(b)-off))
		}
		seen[typ] = true
		off += int(size)
	}
	if !seen["moov"] || !seen["mdat"] {
		return fieldErr(field, fmt.Errorf("%w: MP4 without moov and mdat boxes", ErrVideo))
	}
	return nil
}
