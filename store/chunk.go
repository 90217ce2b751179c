package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"slices"
	"sync"

	bolt "go.etcd.io/bbolt"
)

// ChunkSize is the plaintext size of one stored evidence chunk: 128 bytes short of 64 KiB
// so that a bbolt leaf of two sealed chunks (bbolt puts at least two values in a node,
// each with a 24-byte nonce, a 16-byte tag, a 16-byte element header and a key of at
// most 64 bytes, behind a 16-byte page header) fills exactly 32 pages of 4 KiB. With 64 KiB
// it took 33: 3 % more to write and fsync for nothing. Chunks are read by their count, so
// stores sealed with the old size read as before.
const ChunkSize = 64<<10 - 128

// sealWindow is how many chunks may be encrypting at once ahead of the one being stored.
const sealWindow = 8

// chunkKey names chunk i of kind.
func chunkKey(kind EvidenceKind, i int) string { return fmt.Sprintf("%s/%08d", kind, i) }

// byteInput is the data of an EvidenceInput made by Bytes: a bytes.Reader that keeps its
// slice, so that Seal hashes and encrypts the bytes where they are instead of copying them
// into chunk buffers first.
type byteInput struct {
	*bytes.Reader
	b []byte
}

// whole returns the bytes of in when they are a slice not read yet, and marks them read
// (Seal reads every input to its end).
func whole(in io.Reader) ([]byte, bool) {
	bi, ok := in.(*byteInput)
	if !ok || bi.Len() != len(bi.b) {
		return nil, false
	}
	bi.Seek(0, io.SeekEnd)
	return bi.b, true
}

// chunkSealer turns the evidence of one seal into sealed chunks, stored by put. The
// transaction's goroutine reads the inputs in order and stores the sealed chunks in order
// (a bbolt transaction is not safe for concurrent use); every chunk is encrypted on a
// goroutine of its own, at most sealWindow ahead of the one being stored; each input is
// hashed on a goroutine of its own, and the hashing of inputs given as bytes starts before
// any chunk is encrypted, largest first, so that the largest one (the video) does not hash
// last, alone on one core, while the other core waits.
type chunkSealer struct {
	put     func(key, sealed []byte) error // stores a sealed chunk: the evidence bucket's Put
	ck      cipherKey
	id      string
	bufs    *chunkBuffers // where sealed chunks are encrypted into; nil: new memory
	used    [][]byte      // buffers taken from bufs, for release
	pending []sealedChunk
	hashes  []*hashing // one per input, in order
}

// chunkBuffers recycles the memory sealed chunks are encrypted into, from one seal to the
// next: without it a seal of 3 MiB allocates 3 MiB more for the garbage collector, whose
// work then competes with the hashing and encryption for the cores (measured under load:
// the pipeline took 1.2-1.5 times as long without it). bbolt holds the sealed chunks only
// until the transaction ends (a Put's value must stay valid for the transaction's life).
type chunkBuffers struct{ pool sync.Pool }

// get returns an empty buffer with room for a sealed chunk.
func (c *chunkBuffers) get() []byte {
	if b, ok := c.pool.Get().(*[]byte); ok {
		return (*b)[:0]
	}
	return make([]byte, 0, sealedSize(ChunkSize))
}

// release hands every buffer the sealer took back to its pool. Call it only once the
// transaction the chunks were stored in has ended (committed or rolled back), and never
// while sealAll runs.
func (s *chunkSealer) release() {
	if s.bufs == nil {
		return
	}
	for _, b := range s.used {
		s.bufs.pool.Put(&b)
	}
	s.used = nil
}

// sealedChunk is a chunk being encrypted.
type sealedChunk struct {
	key    string
	sealed chan []byte
}

// hashing is the SHA-256 of one input, being computed.
type hashing struct {
	sum    chan []byte
	chunks chan []byte // a streamed input's chunks in order; nil for bytes
}

// hashBytes hashes b on a goroutine of its own.
func hashBytes(b []byte) *hashing {
	h := &hashing{sum: make(chan []byte, 1)}
	go func() {
		s := sha256.Sum256(b)
		h.sum <- s[:]
	}()
	return h
}

// hashStream hashes the chunks sent to it, in order, on a goroutine of its own.
func hashStream() *hashing {
	h := &hashing{sum: make(chan []byte, 1), chunks: make(chan []byte, sealWindow)}
	go func(d hash.Hash, chunks <-chan []byte, sum chan<- []byte) {
		for c := range chunks {
			d.Write(c)
		}
		sum <- d.Sum(nil)
	}(sha256.New(), h.chunks, h.sum)
	return h
}

// wait returns the digest once every chunk has been hashed.
func (h *hashing) wait() []byte {
	if h.chunks != nil {
		close(h.chunks)
		h.chunks = nil
	}
	s := <-h.sum
	h.sum <- s // wait may be called again on the error path
	return s
}

// newChunkSealer returns a chunkSealer storing the chunks of enrolment id, encrypted
// with ck into buffers from bufs, in eb.
func newChunkSealer(eb *bolt.Bucket, ck cipherKey, id string, bufs *chunkBuffers) *chunkSealer {
	return &chunkSealer{put: eb.Put, ck: ck, id: id, bufs: bufs}
}

// sealAll stores every input as encrypted chunks and returns their descriptions, without
// their SHA-256 yet: the hashing may still be running (sums waits for it and fills it in),
// so that the caller can write what does not need it meanwhile. On an error it returns
// only once no goroutine it started still reads an input's bytes.
func (s *chunkSealer) sealAll(ctx context.Context, evidence []EvidenceInput) (out []Evidence, total int64, err error) {
	s.hashes = make([]*hashing, len(evidence))
	given := make([][]byte, len(evidence)) // the inputs given as bytes
	defer func() {
		if err != nil { // let every goroutine finish with the caller's bytes
			for _, p := range s.pending {
				<-p.sealed
			}
			s.pending = nil
			s.waitHashes()
		}
	}()
	var order []int // of the inputs given as bytes, largest first: the longest hash starts first
	for i, in := range evidence {
		if b, ok := whole(in.Data); ok {
			given[i] = b
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return len(given[b]) - len(given[a]) })
	for _, i := range order {
		s.hashes[i] = hashBytes(given[i])
	}
	out = make([]Evidence, len(evidence))
	for i, in := range evidence {
		ev := &out[i]
		*ev = Evidence{Kind: in.Kind, ContentType: in.ContentType}
		if s.hashes[i] != nil {
			err = s.sealBytes(ctx, ev, given[i])
		} else {
			s.hashes[i] = hashStream()
			err = s.sealStream(ctx, ev, in.Data, s.hashes[i])
		}
		if err != nil {
			return nil, 0, err
		}
		if ev.Size == 0 {
			return nil, 0, fmt.Errorf("%w: evidence %s is empty", ErrInvalid, in.Kind)
		}
		total += ev.Size
	}
	for len(s.pending) > 0 {
		if err = s.storeOldest(); err != nil {
			return nil, 0, err
		}
	}
	return out, total, nil
}

// sums waits for the hashing of every input and fills in the SHA-256 of each in out, as
// returned by sealAll.
func (s *chunkSealer) sums(out []Evidence) {
	for i, h := range s.hashes {
		out[i].SHA256 = hex.EncodeToString(h.wait())
	}
}

// waitHashes waits for every hashing started.
func (s *chunkSealer) waitHashes() {
	for _, h := range s.hashes {
		if h != nil {
			h.wait()
		}
	}
}

// sealBytes encrypts b chunk by chunk, in place (no copy).
func (s *chunkSealer) sealBytes(ctx context.Context, ev *Evidence, b []byte) error {
	for off := 0; off < len(b); off += ChunkSize {
		if err := s.add(ctx, ev, b[off:min(off+ChunkSize, len(b))]); err != nil {
			return err
		}
	}
	return nil
}

// sealStream reads r to its end, a chunk at a time, each chunk hashed by h.
func (s *chunkSealer) sealStream(ctx context.Context, ev *Evidence, r io.Reader, h *hashing) error {
	for {
		// A buffer per chunk: it is hashed and encrypted while the next one is read.
		buf := make([]byte, ChunkSize)
		n, err := io.ReadFull(r, buf)
		if n > 0 {
			h.chunks <- buf[:n]
			if aerr := s.add(ctx, ev, buf[:n]); aerr != nil {
				return aerr
			}
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read evidence %s: %w", ev.Kind, err)
		}
	}
}

// add starts encrypting the next chunk of ev and stores the oldest one once sealWindow
// are on their way.
func (s *chunkSealer) add(ctx context.Context, ev *Evidence, plain []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	key := chunkKey(ev.Kind, ev.Chunks)
	p := sealedChunk{key: key, sealed: make(chan []byte, 1)}
	a := ad(string(bucketEvidence), s.id, key)
	var dst []byte
	if s.bufs != nil {
		dst = s.bufs.get()
		s.used = append(s.used, dst)
	}
	go func() { p.sealed <- s.ck.sealTo(dst, plain, a) }()
	s.pending = append(s.pending, p)
	ev.Chunks++
	ev.Size += int64(len(plain))
	if len(s.pending) >= sealWindow {
		return s.storeOldest()
	}
	return nil
}

// storeOldest waits for the oldest chunk on its way and stores it.
func (s *chunkSealer) storeOldest() error {
	p := s.pending[0]
	s.pending = s.pending[1:]
	return s.put([]byte(p.key), <-p.sealed)
}
