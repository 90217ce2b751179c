package body

import (
	"encoding/base64"
	"io"
)

// base64Reader encodes its source with standard padded base64 one chunk at a time.
type base64Reader struct {
	src io.Reader
	in  []byte
	out []byte
	pos int
	eof bool
}

func newBase64Reader(src io.Reader) *base64Reader {
	return &base64Reader{src: src, in: make([]byte, chunk), out: make([]byte, 0, base64.StdEncoding.EncodedLen(chunk))}
}

func (b *base64Reader) Read(p []byte) (int, error) {
	if b.pos == len(b.out) {
		if b.eof {
			return 0, io.EOF
		}
		if err := b.fill(); err != nil {
			return 0, err
		}
		if len(b.out) == 0 {
			return 0, io.EOF
		}
	}
	n := copy(p, b.out[b.pos:])
	b.pos += n
	return n, nil
}

func (b *base64Reader) fill() error {
	n, err := io.ReadFull(b.src, b.in)
	switch err {
	case nil:
	case io.EOF, io.ErrUnexpectedEOF:
		b.eof = true
	default:
		return err
	}
	b.out = b.out[:base64.StdEncoding.EncodedLen(n)]
	base64.StdEncoding.Encode(b.out, b.in[:n])
	b.pos = 0
	return nil
}
