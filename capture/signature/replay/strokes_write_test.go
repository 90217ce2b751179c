package replay

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
)

// WriteStrokes writes sig as a stroke file (JSON, one object), as the tests make them.
func WriteStrokes(w io.Writer, sig signature.Signature) error {
	enc := json.NewEncoder(w)
	if err := enc.Encode(strokeFile{Format: StrokeFormat, Version: 1, Signature: sig}); err != nil {
		return fmt.Errorf("write stroke file: %w", err)
	}
	return nil
}
