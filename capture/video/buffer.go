package video

import (
	"fmt"
	"sync"
)

// buffer is an in-memory file for the WebM writer, which writes from its own goroutine
// and patches the duration and cues in place when it closes.
type buffer struct {
	mu     sync.Mutex
	data   []byte
	closed chan struct{}
}

func newBuffer(capacity int) *buffer {
	return &buffer{data: make([]byte, 0, capacity), closed: make(chan struct{})}
}

func (b *buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.data = append(b.data, p...)
	return len(p), nil
}

func (b *buffer) WriteAt(p []byte, off int64) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if off < 0 || off+int64(len(p)) > int64(len(b.data)) {
		return 0, fmt.Errorf("write at %d past the end of a %d-byte clip", off, len(b.data))
	}
	return copy(b.data[off:], p), nil
}

func (b *buffer) Close() error {
	close(b.closed)
	return nil
}

func (b *buffer) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.data)
}

func (b *buffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.data
}
