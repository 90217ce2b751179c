package body

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"mime/multipart"
	"net/textproto"
)

// Field is one part of a multipart/form-data body: either a small Value or a Source.
type Field struct {
	// Name is the form field name.
	Name string
	// FileName, when set, makes the part a file upload.
	FileName string
	// ContentType of a file part (default application/octet-stream).
	ContentType string
	// Value is the content of a plain field.
	Value []byte
	// Src, when set, streams the content of a file part.
	Src *Source
}

// Boundary derives a multipart boundary from an idempotency key, so that a resend has
// the same bytes as the first attempt. Give it to Multipart.
func Boundary(key string) string {
	sum := sha256.Sum256([]byte(key))
	return "enrolkiosk-" + hex.EncodeToString(sum[:16])
}

// Multipart builds a multipart/form-data body from fields, in order. boundary, when not
// empty, fixes the part boundary (1 to 70 characters of [0-9A-Za-z'()+_,-./:=?]) so
// that the same request always has the same bytes: a backend that checks an
// Idempotency-Key against the body hash then recognises a resend after a restart.
// Empty picks a random boundary.
func Multipart(fields []Field, boundary string) (*Body, error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if boundary != "" {
		if err := w.SetBoundary(boundary); err != nil {
			return nil, fmt.Errorf("multipart boundary %q: %w", boundary, err)
		}
	}
	b := &Body{contentType: w.FormDataContentType()}
	for _, f := range fields {
		h := make(textproto.MIMEHeader)
		disp := fmt.Sprintf(`form-data; name=%q`, f.Name)
		if f.FileName != "" {
			disp += fmt.Sprintf(`; filename=%q`, f.FileName)
			ct := f.ContentType
			if ct == "" {
				ct = "application/octet-stream"
			}
			h.Set("Content-Type", ct)
		}
		h.Set("Content-Disposition", disp)
		pw, err := w.CreatePart(h)
		if err != nil {
			return nil, fmt.Errorf("build multipart field %s: %w", f.Name, err)
		}
		if f.Src == nil {
			_, _ = pw.Write(f.Value)
			continue
		}
		b.add(part{lit: bytes.Clone(buf.Bytes())})
		buf.Reset()
		b.add(part{src: f.Src})
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("build multipart body: %w", err)
	}
	b.add(part{lit: bytes.Clone(buf.Bytes())})
	return b, nil
}
