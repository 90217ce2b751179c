package wizard

import (
	"errors"
	"fmt"
	"testing"
)

// selfieOf returns the wizard's selfie step.
func selfieOf(t *testing.T, w *Wizard) *selfieStep {
	t.Helper()
	for _, st := range w.steps {
		if s, ok := st.(*selfieStep); ok {
			return s
		}
	}
	t.Fatal("no selfie step")
	return nil
}

// TestPartialVideoIsKept: a camera that stops part-way leaves a clip; the step keeps it
// and tells the operator, rather than throwing away what was captured.
func TestPartialVideoIsKept(t *testing.T) {
	w, _, _ := newTestWizard(t, "oneshot")
	s := selfieOf(t, w)
	clip := append(append([]byte{}, webmMagic...), "partial clip"...)
	s.setVideo(clip, fmt.Errorf("%w: %w", ErrPartialVideo, errors.New("camera unplugged")))
	if string(s.video) != string(clip) {
		t.Fatalf("the partial clip was not kept: %q", s.video)
	}
	if w.errText.Text != ErrPartialVideo.Error() {
		t.Fatalf("operator message %q", w.errText.Text)
	}

	s.video = nil
	s.setVideo(nil, errors.New("camera unplugged"))
	if s.video != nil || w.errText.Text == "" {
		t.Fatalf("a failure without a clip: video %q, message %q", s.video, w.errText.Text)
	}
}
