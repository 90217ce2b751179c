package wizard

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
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

// TestSelfieFeedback: the live camera offers "Take selfie" and "Import photo" only; a
// taken selfie is confirmed and offers "Retake selfie" only, which goes back to the live
// camera; Back and Next keep the state; a recorded video is confirmed in megabytes and
// the button offers to record again; the progress bar is not shown before the recording
// starts.
func TestSelfieFeedback(t *testing.T) {
	w, _, _ := newTestWizard(t, "oneshot")
	w.goTo(3)
	s := w.steps[3].(*selfieStep)
	live := func(when string) {
		t.Helper()
		if s.stillMsg.Visible() || !s.take.Visible() || !s.imp.Visible() || s.retake.Visible() || s.record.Text != "Record video" {
			t.Fatalf("%s: message %v %q, take %v, import %v, retake %v", when, s.stillMsg.Visible(), s.stillMsg.Text, s.take.Visible(), s.imp.Visible(), s.retake.Visible())
		}
	}
	taken := func(when string) {
		t.Helper()
		if !s.stillMsg.Visible() || !strings.Contains(s.stillMsg.Text, "Selfie taken") || s.take.Visible() || s.imp.Visible() || !s.retake.Visible() {
			t.Fatalf("%s: message %v %q, take %v, import %v, retake %v", when, s.stillMsg.Visible(), s.stillMsg.Text, s.take.Visible(), s.imp.Visible(), s.retake.Visible())
		}
	}
	live("before any capture")
	s.setStill(testJPEG(t), nil)
	taken("after the selfie")
	w.Back()
	w.goTo(3)
	taken("after Back and Next")
	test.Tap(s.retake)
	live("after Retake")
	if len(s.still) != 0 {
		t.Fatal("Retake kept the old selfie")
	}
	s.setStill(testJPEG(t), nil)
	taken("after the second selfie")
	s.setVideo(testVideo(1_600_000), nil)
	if !strings.HasPrefix(s.videoMsg.Text, "Video recorded: 1.6 MB") || s.record.Text != "Record again" || s.progress.Visible() {
		t.Fatalf("after the video: %q, %q", s.videoMsg.Text, s.record.Text)
	}
	w.Reset()
	w.goTo(3)
	s = w.steps[3].(*selfieStep) // every step is rebuilt for the next customer
	live("the next customer's selfie step")
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
