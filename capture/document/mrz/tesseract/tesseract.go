//go:build tesseract

// Package tesseract reads the lines of a machine readable zone with Tesseract (through
// github.com/otiai10/gosseract/v2, restricted to the MRZ alphabet), for comparison with
// the package mrz's own OCR-B recogniser. It needs cgo and Debian's libtesseract-dev,
// libleptonica-dev and tesseract-ocr-eng, so it builds only with -tags tesseract; the
// application does not use it (see docs/capture.md for the measured accuracy of both).
package tesseract

import (
	"fmt"
	"strings"

	"github.com/otiai10/gosseract/v2"

	"github.com/enrolkiosk/enrolkiosk/capture/document/mrz"
)

// Reader is one Tesseract engine; it is not safe for concurrent use.
type Reader struct {
	client *gosseract.Client
}

// New starts an engine for a block of uniform text in the MRZ alphabet.
func New() (*Reader, error) {
	c := gosseract.NewClient()
	if err := c.SetWhitelist(mrz.Alphabet); err != nil {
		c.Close()
		return nil, fmt.Errorf("tesseract whitelist: %w", err)
	}
	if err := c.SetPageSegMode(gosseract.PSM_SINGLE_BLOCK); err != nil {
		c.Close()
		return nil, fmt.Errorf("tesseract page segmentation: %w", err)
	}
	return &Reader{client: c}, nil
}

// Close frees the engine.
func (r *Reader) Close() error { return r.client.Close() }

// Lines reads an image of the zone alone (PNG or JPEG bytes) and returns the lines of
// the format's shape: the last count lines of at least half the length, spaces
// removed, cut or padded with fillers to length (Tesseract often drops a run of
// trailing fillers).
func (r *Reader) Lines(img []byte, count, length int) ([]string, error) {
	if err := r.client.SetImageFromBytes(img); err != nil {
		return nil, fmt.Errorf("tesseract image: %w", err)
	}
	text, err := r.client.Text()
	if err != nil {
		return nil, fmt.Errorf("tesseract: %w", err)
	}
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		l = strings.ReplaceAll(strings.TrimSpace(l), " ", "")
		if len(l) >= length/2 {
			lines = append(lines, l)
		}
	}
	if len(lines) < count {
		return nil, fmt.Errorf("%w: tesseract read %d lines", mrz.ErrNotFound, len(lines))
	}
	lines = lines[len(lines)-count:]
	for i, l := range lines {
		if len(l) > length {
			l = l[:length]
		}
		lines[i] = l + strings.Repeat("<", length-len(l))
	}
	return lines, nil
}
