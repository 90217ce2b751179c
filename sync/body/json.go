package body

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
)

// JSONBuilder assembles a JSON body whose string fields may be base64 of a Source. Put
// the values returned by Base64 anywhere in a value and pass it to Build.
type JSONBuilder struct {
	nonce   string
	streams []*Stream
}

// Stream is a placeholder for a base64 string field produced from a Source.
type Stream struct {
	token string
	src   *Source
}

// MarshalJSON writes the placeholder token that Build later replaces by the stream.
func (s *Stream) MarshalJSON() ([]byte, error) { return []byte(`"` + s.token + `"`), nil }

// NewJSONBuilder returns an empty builder.
func NewJSONBuilder() *JSONBuilder {
	var n [8]byte
	_, _ = rand.Read(n[:])
	return &JSONBuilder{nonce: hex.EncodeToString(n[:])}
}

// Base64 returns a placeholder that becomes the base64 string of src in the body.
func (j *JSONBuilder) Base64(src Source) *Stream {
	s := &Stream{token: fmt.Sprintf("ek-stream-%s-%d", j.nonce, len(j.streams)), src: &src}
	j.streams = append(j.streams, s)
	return s
}

// Build marshals v and returns the body, with each placeholder replaced by its stream.
func (j *JSONBuilder) Build(v any) (*Body, error) {
	doc, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode request JSON: %w", err)
	}
	type hit struct {
		at int
		s  *Stream
	}
	var hits []hit
	for _, s := range j.streams {
		at := bytes.Index(doc, []byte(`"`+s.token+`"`))
		if at < 0 {
			return nil, fmt.Errorf("encode request JSON: evidence %s is not in the document", s.src.Name)
		}
		hits = append(hits, hit{at, s})
	}
	sort.Slice(hits, func(a, b int) bool { return hits[a].at < hits[b].at })
	b := &Body{contentType: "application/json"}
	prev := 0
	for _, h := range hits {
		b.add(part{lit: doc[prev : h.at+1]}) // up to and including the opening quote
		b.add(part{src: h.s.src, base64: true})
		prev = h.at + 1 + len(h.s.token)
	}
	b.add(part{lit: doc[prev:]})
	return b, nil
}
