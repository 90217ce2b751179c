package manifest

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Canonical returns v as canonical JSON: object keys sorted by their UTF-8 bytes, no
// insignificant white space, no HTML escaping, numbers as written by encoding/json
// (the manifest holds integers only). Encoding the same value twice gives the same bytes,
// in any language that follows docs/evidence.md.
func Canonical(v any) ([]byte, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("canonical JSON: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return nil, fmt.Errorf("canonical JSON: %w", err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(tree); err != nil { // maps encode with sorted keys
		return nil, fmt.Errorf("canonical JSON: %w", err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
