// Package body produces HTTP request bodies from evidence streams while they are sent:
// JSON documents with base64 string fields and multipart/form-data files, both of exact
// length known in advance (so the request carries a Content-Length) and re-openable, so
// that each retry reads the evidence from its source again. Memory stays bounded by a
// small multiple of the chunk size whatever the evidence size.
package body

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// ErrSizeMismatch means a source yielded a different number of bytes than it declared:
// the evidence changed or is damaged, and the request must not be sent truncated.
var ErrSizeMismatch = errors.New("evidence stream length differs from its recorded size")

// chunk is how much of a source is read at a time; a multiple of 3 so base64 needs no
// carry between chunks.
const chunk = 48 << 10

// Source is a stream of known size that can be opened again for every attempt.
type Source struct {
	// Name names the evidence in errors (for example "document_front"), never its content.
	Name string
	// Size is the exact number of bytes Open yields.
	Size int64
	// Open returns a fresh reader positioned at the start.
	Open func(ctx context.Context) (io.ReadCloser, error)
}

// Body is a request body assembled from literal bytes and sources.
type Body struct {
	contentType string
	parts       []part
	length      int64
}

type part struct {
	lit    []byte
	src    *Source
	base64 bool
}

func (p part) len() int64 {
	switch {
	case p.src == nil:
		return int64(len(p.lit))
	case p.base64:
		return (p.src.Size + 2) / 3 * 4
	}
	return p.src.Size
}

func (b *Body) add(p part) {
	if p.src == nil && len(p.lit) == 0 {
		return
	}
	b.parts = append(b.parts, p)
	b.length += p.len()
}

// Len returns the exact byte length of the body.
func (b *Body) Len() int64 { return b.length }

// ContentType returns the value for the Content-Type header.
func (b *Body) ContentType() string { return b.contentType }

// Open returns a reader over the whole body. Sources are opened one at a time as the
// reader reaches them and closed as soon as they are consumed.
func (b *Body) Open(ctx context.Context) io.ReadCloser {
	return &reader{ctx: ctx, parts: b.parts}
}

// Bytes reads the whole body into memory. Meant for tests and small bodies only.
func (b *Body) Bytes(ctx context.Context) ([]byte, error) {
	r := b.Open(ctx)
	defer r.Close()
	return io.ReadAll(r)
}

// reader walks the parts in order.
type reader struct {
	ctx   context.Context
	parts []part
	cur   io.Reader
	rc    io.Closer
	want  int64 // bytes the open source must still yield
	src   *Source
}

func (r *reader) Read(p []byte) (int, error) {
	for {
		if r.cur == nil {
			if len(r.parts) == 0 {
				return 0, io.EOF
			}
			if err := r.next(); err != nil {
				return 0, err
			}
		}
		n, err := r.cur.Read(p)
		if err == io.EOF {
			if cerr := r.finish(); cerr != nil {
				return n, cerr
			}
			err = nil
			if n == 0 {
				continue
			}
		}
		return n, err
	}
}

func (r *reader) next() error {
	p := r.parts[0]
	r.parts = r.parts[1:]
	if p.src == nil {
		r.cur = &litReader{b: p.lit}
		return nil
	}
	if err := r.ctx.Err(); err != nil {
		return err
	}
	rc, err := p.src.Open(r.ctx)
	if err != nil {
		return fmt.Errorf("open evidence %s: %w", p.src.Name, err)
	}
	r.rc, r.src, r.want = rc, p.src, p.src.Size
	counted := &countReader{r: rc, left: &r.want}
	if p.base64 {
		r.cur = newBase64Reader(counted)
	} else {
		r.cur = counted
	}
	return nil
}

// finish closes the current source and checks it yielded exactly its size.
func (r *reader) finish() error {
	r.cur = nil
	if r.rc == nil {
		return nil
	}
	err := r.rc.Close()
	r.rc = nil
	if r.want != 0 {
		return fmt.Errorf("%w: %s is %d bytes off", ErrSizeMismatch, r.src.Name, -r.want)
	}
	if err != nil {
		return fmt.Errorf("close evidence %s: %w", r.src.Name, err)
	}
	return nil
}

// Close releases the source being read, if any.
func (r *reader) Close() error {
	r.parts = nil
	if r.rc != nil {
		err := r.rc.Close()
		r.rc, r.cur = nil, nil
		return err
	}
	return nil
}

type litReader struct{ b []byte }

func (l *litReader) Read(p []byte) (int, error) {
	if len(l.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, l.b)
	l.b = l.b[n:]
	return n, nil
}

// countReader subtracts what it reads from *left and refuses to read past zero.
type countReader struct {
	r    io.Reader
	left *int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	*c.left -= int64(n)
	if *c.left < 0 {
		return n, ErrSizeMismatch
	}
	return n, err
}

// Raw returns a body that is exactly the bytes of src, sent with contentType.
func Raw(contentType string, src Source) *Body {
	b := &Body{contentType: contentType}
	b.add(part{src: &src})
	return b
}
