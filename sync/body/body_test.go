package body

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"runtime"
	"testing"
)

// patternReader yields n deterministic bytes without holding them in memory.
type patternReader struct {
	n, off int64
	closed *int
}

func (p *patternReader) Read(b []byte) (int, error) {
	if p.off >= p.n {
		return 0, io.EOF
	}
	if int64(len(b)) > p.n-p.off {
		b = b[:p.n-p.off]
	}
	for i := range b {
		b[i] = byte((p.off + int64(i)) * 7 % 251)
	}
	p.off += int64(len(b))
	return len(b), nil
}

func (p *patternReader) Close() error {
	if p.closed != nil {
		*p.closed++
	}
	return nil
}

func pattern(n int64) []byte {
	b, _ := io.ReadAll(&patternReader{n: n})
	return b
}

// src returns a Source of n pattern bytes that counts opens and closes.
func src(name string, n int64, opens, closes *int) Source {
	return Source{Name: name, Size: n, Open: func(context.Context) (io.ReadCloser, error) {
		if opens != nil {
			*opens++
		}
		return &patternReader{n: n, closed: closes}, nil
	}}
}

func TestJSONBodyRoundTrip(t *testing.T) {
	ctx := context.Background()
	sizes := []int64{0, 1, 2, 3, chunk - 1, chunk, chunk + 1, 3*chunk + 2}
	j := NewJSONBuilder()
	doc := map[string]any{"name": "Zoë \"quoted\"", "n": 3}
	imgs := map[string]any{}
	for i, n := range sizes {
		imgs[string(rune('a'+i))] = j.Base64(src("e", n, nil, nil))
	}
	doc["images"] = imgs
	b, err := j.Build(doc)
	if err != nil {
		t.Fatal(err)
	}
	for attempt := range 2 { // a retry re-opens every source and yields the same bytes
		raw, err := b.Bytes(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if int64(len(raw)) != b.Len() {
			t.Fatalf("attempt %d: read %d bytes, Len says %d", attempt, len(raw), b.Len())
		}
		var got struct {
			Name   string
			Images map[string]string
		}
		if err := json.Unmarshal(raw, &got); err != nil {
			t.Fatalf("body is not JSON: %v", err)
		}
		if got.Name != "Zoë \"quoted\"" {
			t.Errorf("name = %q", got.Name)
		}
		for i, n := range sizes {
			dec, err := base64.StdEncoding.DecodeString(got.Images[string(rune('a'+i))])
			if err != nil || !bytes.Equal(dec, pattern(n)) {
				t.Errorf("field of %d bytes did not round-trip (err %v)", n, err)
			}
		}
	}
	if b.ContentType() != "application/json" {
		t.Errorf("content type %q", b.ContentType())
	}
}

func TestMultipartRoundTrip(t *testing.T) {
	var opens, closes int
	b, err := Multipart([]Field{
		{Name: "type", Value: []byte("video")},
		{Name: "video", FileName: "selfie.webm", ContentType: "video/webm", Src: ptr(src("video", 200_001, &opens, &closes))},
	}, "ek-fixed-boundary")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := b.Bytes(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(raw)) != b.Len() {
		t.Fatalf("read %d, Len %d", len(raw), b.Len())
	}
	_, params, err := mime.ParseMediaType(b.ContentType())
	if err != nil || params["boundary"] != "ek-fixed-boundary" {
		t.Fatalf("content type %q: %v", b.ContentType(), err)
	}
	mr := multipart.NewReader(bytes.NewReader(raw), params["boundary"])
	p, err := mr.NextPart()
	if err != nil || p.FormName() != "type" {
		t.Fatalf("first part: %v %v", p, err)
	}
	p, err = mr.NextPart()
	if err != nil || p.FileName() != "selfie.webm" || p.Header.Get("Content-Type") != "video/webm" {
		t.Fatalf("second part: %v", err)
	}
	got, _ := io.ReadAll(p)
	if !bytes.Equal(got, pattern(200_001)) {
		t.Error("video bytes differ")
	}
	if opens != 1 || closes != 1 {
		t.Errorf("opens %d closes %d, want 1 and 1", opens, closes)
	}
}

func TestSizeMismatchIsAnError(t *testing.T) {
	for _, declared := range []int64{99, 101} {
		s := Source{Name: "front", Size: declared, Open: func(context.Context) (io.ReadCloser, error) {
			return &patternReader{n: 100}, nil
		}}
		b, err := Multipart([]Field{{Name: "f", FileName: "f", Src: &s}}, "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := b.Bytes(context.Background()); !errors.Is(err, ErrSizeMismatch) {
			t.Errorf("declared %d of 100: err = %v, want ErrSizeMismatch", declared, err)
		}
	}
}

func TestCloseMidwayClosesSource(t *testing.T) {
	var closes int
	j := NewJSONBuilder()
	b, _ := j.Build(map[string]any{"x": j.Base64(src("x", 1<<20, nil, &closes))})
	r := b.Open(context.Background())
	if _, err := io.ReadFull(r, make([]byte, 1000)); err != nil {
		t.Fatal(err)
	}
	r.Close()
	if closes != 1 {
		t.Errorf("source closed %d times, want 1", closes)
	}
}

func TestCanceledContextStopsBeforeOpening(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var opens int
	j := NewJSONBuilder()
	b, _ := j.Build(map[string]any{"x": j.Base64(src("x", 10, &opens, nil))})
	if _, err := b.Bytes(ctx); !errors.Is(err, context.Canceled) || opens != 0 {
		t.Errorf("err %v opens %d", err, opens)
	}
}

func TestProgressCountsEveryByte(t *testing.T) {
	b, _ := Multipart([]Field{{Name: "v", FileName: "v", Src: ptr(src("v", 300_000, nil, nil))}}, "")
	var last int64
	calls := 0
	r := Progress(b.Open(context.Background()), func(n int64) {
		if n < last {
			t.Fatalf("progress went back from %d to %d", last, n)
		}
		last = n
		calls++
	})
	n, _ := io.Copy(io.Discard, r)
	if last != n || n != b.Len() || calls < 2 {
		t.Errorf("progress ended at %d after %d calls, body %d", last, calls, b.Len())
	}
}

// TestMemoryIsBoundedByChunk streams a 16 MiB evidence as base64 JSON and as multipart
// and checks the bytes allocated stay a small multiple of the chunk size.
func TestMemoryIsBoundedByChunk(t *testing.T) {
	const size = 16 << 20
	j := NewJSONBuilder()
	jb, _ := j.Build(map[string]any{"video": j.Base64(src("v", size, nil, nil))})
	mb, _ := Multipart([]Field{{Name: "video", FileName: "v.webm", Src: ptr(src("v", size, nil, nil))}}, "")
	for name, b := range map[string]*Body{"json": jb, "multipart": mb} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		n, err := io.CopyBuffer(io.Discard, b.Open(context.Background()), make([]byte, 32<<10))
		runtime.ReadMemStats(&after)
		if err != nil || n != b.Len() {
			t.Fatalf("%s: copied %d of %d: %v", name, n, b.Len(), err)
		}
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8*chunk {
			t.Errorf("%s: allocated %d bytes to send %d (bound %d)", name, alloc, n, 8*chunk)
		}
	}
}

func ptr[T any](v T) *T { return &v }

func FuzzBase64Reader(f *testing.F) {
	f.Add([]byte(""), uint16(1))
	f.Add([]byte("hello world"), uint16(3))
	f.Add(bytes.Repeat([]byte{0xff}, 1000), uint16(7))
	f.Fuzz(func(t *testing.T, data []byte, readSize uint16) {
		r := newBase64Reader(bytes.NewReader(data))
		var out bytes.Buffer
		buf := make([]byte, int(readSize)%512+1)
		for {
			n, err := r.Read(buf)
			out.Write(buf[:n])
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if want := base64.StdEncoding.EncodeToString(data); out.String() != want {
			t.Fatalf("encoded %q, want %q", out.String(), want)
		}
	})
}

func BenchmarkJSONBase64Stream5MiB(b *testing.B) {
	const size = 5 << 20
	j := NewJSONBuilder()
	jb, _ := j.Build(map[string]any{"video": j.Base64(src("v", size, nil, nil))})
	b.SetBytes(jb.Len())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := io.Copy(io.Discard, jb.Open(context.Background())); err != nil {
			b.Fatal(err)
		}
	}
}

// TestBoundaryIsStablePerKey: the boundary derived from an idempotency key is the same
// on every call (a resend has the same bytes), differs between keys, and is one that
// Multipart accepts.
func TestBoundaryIsStablePerKey(t *testing.T) {
	a, b := Boundary("enrolment-1/video"), Boundary("enrolment-2/video")
	if a != Boundary("enrolment-1/video") || a == b {
		t.Fatalf("boundaries %q and %q: want one per key, the same each time", a, b)
	}
	m, err := Multipart([]Field{{Name: "x", Value: []byte("1")}}, a)
	if err != nil {
		t.Fatal(err)
	}
	if _, params, err := mime.ParseMediaType(m.ContentType()); err != nil || params["boundary"] != a {
		t.Fatalf("content type %q (%v), want boundary %q", m.ContentType(), err, a)
	}
}
