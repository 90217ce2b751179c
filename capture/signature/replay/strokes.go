package replay

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
)

// StrokeFormat is the "format" value of a stroke file.
const StrokeFormat = "enrolkiosk-strokes"

// strokeFile is the JSON form of a stroke file: the device and every sample.
type strokeFile struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	signature.Signature
}

// ParseStrokes reads a stroke file (StrokeFormat, version 1; docs/signature.md).
func ParseStrokes(b []byte) (signature.Signature, error) {
	var f strokeFile
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return signature.Signature{}, fmt.Errorf("%w: stroke file: %w", ErrMalformed, err)
	}
	if f.Format != StrokeFormat || f.Version != 1 {
		return signature.Signature{}, fmt.Errorf("%w: stroke file format %q version %d, want %q version 1", ErrMalformed, f.Format, f.Version, StrokeFormat)
	}
	return f.Signature, nil
}

// Parse reads either format: a stroke file when b starts with '{', else SVC2004.
func Parse(b []byte) (signature.Signature, error) {
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '{' {
		return ParseStrokes(t)
	}
	return ParseSVC(bytes.NewReader(b))
}
