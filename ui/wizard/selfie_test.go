package wizard

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
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

// TestSelfieFeedback: a taken selfie is confirmed and the button offers a retake; a
// recorded video is confirmed in megabytes and the button offers to record again; the
// progress bar is not shown before the recording starts.
func TestSelfieFeedback(t *testing.T) {
	w, _, _ := newTestWizard(t, "oneshot")
	w.goTo(3)
	s := w.steps[3].(*selfieStep)
	if s.stillMsg.Visible() || s.take.Text != "Take selfie" || s.record.Text != "Record video" {
		t.Fatalf("before any capture: %q, %q, %q", s.stillMsg.Text, s.take.Text, s.record.Text)
	}
	s.setStill(testJPEG(t), nil)
	if !s.stillMsg.Visible() || !strings.Contains(s.stillMsg.Text, "Selfie taken") || s.take.Text != "Retake selfie" {
		t.Fatalf("after the selfie: %q, %q", s.stillMsg.Text, s.take.Text)
	}
	s.setVideo(testVideo(1_600_000), nil)
	if !strings.HasPrefix(s.videoMsg.Text, "Video recorded: 1.6 MB") || s.record.Text != "Record again" || s.progress.Visible() {
		t.Fatalf("after the video: %q, %q", s.videoMsg.Text, s.record.Text)
	}
	w.Reset()
	w.goTo(3)
	s = w.steps[3].(*selfieStep) // every step is rebuilt for the next customer
	if s.stillMsg.Visible() || s.take.Text != "Take selfie" {
		t.Fatal("the next customer's selfie step says a selfie is taken")
	}
}

// TestVideoPlayback: Play video shows the recorded clip's frames on the picture, then the
// selfie again; leaving the step stops a playback.
func TestVideoPlayback(t *testing.T) {
	w, _, _ := newTestWizard(t, "oneshot")
	w.goTo(3)
	s := w.steps[3].(*selfieStep)
	if s.play.Visible() {
		t.Fatal("Play video is offered without a video")
	}
	s.setStill(testJPEG(t), nil)
	s.setVideo(testVideo(0), nil)
	if !s.play.Visible() {
		t.Fatal("no Play video after recording")
	}
	done := make(chan struct{})
	s.played = func() { close(done) }
	s.playVideo()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("the playback did not end")
	}
	if s.shown == 0 {
		t.Fatal("no frame of the video was shown")
	}
	if s.playing != nil || s.play.Disabled() || s.pic.still.Image == nil {
		t.Fatal("after the playback the step is not back to the selfie")
	}
}
