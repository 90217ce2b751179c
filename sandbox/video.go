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

// EBML element ids the size walk descends into.
const (
	ebmlSegment = 0x18538067
	ebmlCluster = 0x1F43B675
)

// segmentChildren are the ids that end an unknown-size Cluster (its next sibling).
var segmentChildren = map[uint64]bool{ebmlCluster: true, 0x114D9B74: true, 0x1549A966: true, 0x1654AE6B: true,
	0x1C53BB6B: true, 0x1941A469: true, 0x1043A770: true, 0x1254C367: true}

// walkEBML checks that every element between off and end fits in the bytes present,
// descending into the Segment and Clusters (an unknown size runs to the parent's end, or
// for a Cluster to its next sibling). It catches an upload cut short, which the decoder
// would read as a shorter, valid file. It returns where the walk stopped.
func walkEBML(b []byte, off, end int, parent uint64) (int, error) {
	for off < end {
		id, n := readVint(b[off:end], true)
		if n == 0 {
			return off, fmt.Errorf("bad element id at byte %d", off)
		}
		if parent == ebmlCluster && segmentChildren[id] {
			return off, nil
		}
		size, m := readVint(b[off+n:end], false)
		if m == 0 {
			return off, fmt.Errorf("element 0x%X at byte %d: truncated size", id, off)
		}
		body := off + n + m
		unknown := size == (uint64(1)<<(7*m))-1
		if unknown {
			size = uint64(end - body)
		}
		if size > uint64(end-body) {
			return off, fmt.Errorf("element 0x%X at byte %d claims %d bytes, %d left (upload cut short?)", id, off, size, end-body)
		}
		next := body + int(size)
		switch {
		case (id == ebmlSegment && parent == 0) || (id == ebmlCluster && parent == ebmlSegment):
			stop, err := walkEBML(b, body, next, id)
			if err != nil {
				return off, err
			}
			if unknown {
				next = stop
			}
		case unknown:
			return off, fmt.Errorf("element 0x%X at byte %d has an unknown size", id, off)
		}
		off = next
	}
	return off, nil
}

// readVint reads an EBML variable-length integer; keepMarker keeps the length bit (ids).
func readVint(b []byte, keepMarker bool) (uint64, int) {
	if len(b) == 0 || b[0] == 0 {
		return 0, 0
	}
	n := 1
	for mask := byte(0x80); b[0]&mask == 0; mask >>= 1 {
		n++
	}
	if n > 8 || len(b) < n {
		return 0, 0
	}
	v := uint64(b[0])
	if !keepMarker {
		v &= uint64(0xff >> n)
	}
	for _, c := range b[1:n] {
		v = v<<8 | uint64(c)
	}
	return v, n
}

func checkWebM(field string, b []byte) (err error) {
	if _, err := walkEBML(b, 0, len(b), 0); err != nil {
		return fieldErr(field, fmt.Errorf("%w: %v", ErrVideo, err))
	}
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
