package enrol

import (
	"context"
	"errors"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/capture/video"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// FuzzAssembleVideo hands Assemble arbitrary bytes as the selfie video: it never panics,
// a refusal is exactly one problem on the video wrapping video.ErrNotPlayable, and what
// it seals is labelled video/webm.
func FuzzAssembleVideo(f *testing.F) {
	clip := fixture(f, "selfie.webm")
	for _, s := range [][]byte{clip, fixture(f, "vp9.webm"), clip[:len(clip)/2], {0x1a, 0x45, 0xdf, 0xa3}, []byte("webm")} {
		f.Add(s)
	}
	p := goodPieces(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return // no video: another rule (the profile's)
		}
		q := p
		q.Video = data
		a, err := Assemble(context.Background(), q, testOptions())
		var ps Problems
		switch {
		case errors.As(err, &ps):
			if len(ps) != 1 || ps[0].Field != string(store.Video) || !errors.Is(ps[0].Err, video.ErrNotPlayable) {
				t.Fatalf("problems %v", ps)
			}
		case err != nil:
			t.Fatalf("Assemble = %v", err)
		case a.Evidence[3].Kind != store.Video || a.Evidence[3].ContentType != store.MediaWebM:
			t.Fatalf("video sealed as %s %q", a.Evidence[3].Kind, a.Evidence[3].ContentType)
		}
	})
}
