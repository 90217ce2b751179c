package body

import "io"

// Progress wraps r so that fn is called with the running total of bytes read after each
// read. The HTTP transport reads the body as it writes it to the connection, so the
// total tracks bytes sent to within the transport's buffer.
func Progress(r io.ReadCloser, fn func(sent int64)) io.ReadCloser {
	return &progress{ReadCloser: r, fn: fn}
}

type progress struct {
	io.ReadCloser
	fn   func(int64)
	sent int64
}

func (p *progress) Read(b []byte) (int, error) {
	n, err := p.ReadCloser.Read(b)
	if n > 0 {
		p.sent += int64(n)
		p.fn(p.sent)
	}
	return n, err
}
