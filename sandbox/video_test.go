package sandbox

import (
	"bytes"
	"errors"
	"testing"

	"github.com/at-wat/ebml-go/webm"
)

// nopCloser is a bytes.Buffer the webm writer can close.
type nopCloser struct{ *bytes.Buffer }

func (nopCloser) Close() error { return nil }

// streamedWebM writes a WebM the way a live recorder does (unknown-size segment and
// clusters), with n blocks of payload bytes.
func streamedWebM(t testing.TB, n, payload int) []byte {
	t.Helper()
	var buf bytes.Buffer
	ws, err := webm.NewSimpleBlockWriter(nopCloser{&buf}, []webm.TrackEntry{{Name: "Video", TrackNumber: 1, TrackUID: 1,
		CodecID: "V_VP8", TrackType: 1, Video: &webm.Video{PixelWidth: 64, PixelHeight: 48}}})
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if _, err := ws[0].Write(i == 0, int64(i*33), bytes.Repeat([]byte{byte(i)}, payload)); err != nil {
			t.Fatal(err)
		}
	}
	ws[0].Close()
	return buf.Bytes()
}

func TestCheckVideo(t *testing.T) {
	live := streamedWebM(t, 20, 400)
	noBlocks := streamedWebM(t, 0, 0)
	for _, c := range []struct {
		name   string
		b      []byte
		format string
		ok     bool
	}{
		{"ffmpeg webm", fixture(t, "evidence/selfie.webm"), "webm", true},
		{"ffmpeg mp4", fixture(t, "evidence/selfie.mp4"), "mp4", true},
		{"live webm with unknown sizes", live, "webm", true},
		{"live webm cut inside a block", live[:len(live)-150], "webm", false},
		{"webm without blocks", noBlocks, "webm", false},
		{"truncated ffmpeg webm", fixture(t, "bad/truncated.webm"), "webm", false},
		{"truncated mp4", fixture(t, "bad/truncated.mp4"), "mp4", false},
		{"empty", nil, "", false},
		{"jpeg", fixture(t, "evidence/document_front.jpg"), "", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			format, err := checkVideo("video", c.b)
			if format != c.format || (err == nil) != c.ok {
				t.Fatalf("checkVideo = %q, %v; want %q, ok=%v", format, err, c.format, c.ok)
			}
			if err != nil && !errors.Is(err, ErrVideo) {
				t.Fatalf("error %v does not wrap ErrVideo", err)
			}
		})
	}
}

func FuzzCheckVideo(f *testing.F) {
	f.Add(fixture(f, "evidence/selfie.webm"))
	f.Add(fixture(f, "evidence/selfie.mp4"))
	f.Add(fixture(f, "bad/truncated.webm"))
	f.Add(streamedWebM(f, 3, 10))
	f.Fuzz(func(t *testing.T, b []byte) {
		format, err := checkVideo("video", b)
		if err != nil && !errors.Is(err, ErrVideo) {
			t.Fatalf("error %v does not wrap ErrVideo", err)
		}
		if err == nil && format == "" {
			t.Fatal("accepted without a format")
		}
	})
}
