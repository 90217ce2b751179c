package video

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/capture/camera"
	"github.com/enrolkiosk/enrolkiosk/config"
)

func bounded(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func openTestCamera(t *testing.T, size camera.Size) *camera.Camera {
	t.Helper()
	cam, err := camera.Open(bounded(t), camera.SourceVideoTest, "", camera.Options{Size: size, FrameRate: 30})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cam.Close() })
	return cam
}

// probe is what ffprobe reports about a clip.
type probe struct {
	Streams []struct {
		CodecName    string `json:"codec_name"`
		Width        int    `json:"width"`
		Height       int    `json:"height"`
		NbReadFrames string `json:"nb_read_frames"`
	} `json:"streams"`
	Format struct {
		FormatName string `json:"format_name"`
		Duration   string `json:"duration"`
	} `json:"format"`
}

// ffprobe decodes every frame of the clip with ffmpeg's decoder and reports it.
func ffprobe(t *testing.T, webm []byte) probe {
	t.Helper()
	bin, err := exec.LookPath("ffprobe")
	if err != nil {
		t.Skip("ffprobe not installed (make deps installs ffmpeg)")
	}
	path := filepath.Join(t.TempDir(), "selfie.webm")
	if err := os.WriteFile(path, webm, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-v", "error", "-count_frames", "-select_streams", "v:0",
		"-show_entries", "stream=codec_name,width,height,nb_read_frames:format=format_name,duration",
		"-of", "json", path).Output()
	if err != nil {
		t.Fatalf("ffprobe refused the clip: %v", err)
	}
	var p probe
	if err := json.Unmarshal(out, &p); err != nil || len(p.Streams) != 1 {
		t.Fatalf("ffprobe output %s: %v", out, err)
	}
	// Decode every frame at its own time: on a loaded machine the camera's frames arrive
	// bunched (1 ms apart), and resampling them to a constant rate, or to the frame rate's
	// time base (ffmpeg's defaults for the null output), reports collisions ("7 >= 7")
	// that are not in the file, whose block times are strictly increasing milliseconds.
	if msg, err := exec.Command("ffmpeg", "-v", "error", "-i", path, "-fps_mode", "passthrough", "-enc_time_base", "-1", "-f", "null", "-").CombinedOutput(); err != nil || len(msg) > 0 {
		t.Fatalf("ffmpeg cannot play the clip: %v %s", err, msg)
	}
	return p
}

func TestRecordMakesPlayableWebM(t *testing.T) {
	cam := openTestCamera(t, camera.Size{Width: 320, Height: 240})
	var progress int
	clip, err := Record(bounded(t), cam, Options{Duration: 2 * time.Second, OnProgress: func(Progress) { progress++ }})
	if err != nil {
		t.Fatal(err)
	}
	p := ffprobe(t, clip.WebM)
	s := p.Streams[0]
	frames, _ := strconv.Atoi(s.NbReadFrames)
	if s.CodecName != "vp8" || s.Width != 320 || s.Height != 240 || p.Format.FormatName != "matroska,webm" {
		t.Fatalf("ffprobe: %+v", p)
	}
	if frames != clip.Frames || progress != clip.Frames || clip.Frames < 2 {
		t.Fatalf("ffprobe decoded %d frames, clip says %d, progress calls %d", frames, clip.Frames, progress)
	}
	// Timestamps are the camera's: the file declares the span up to its last frame, which
	// is before the requested 2 s, and the clip adds one frame interval to that. (The lower
	// bound only catches a recording that stopped early; a loaded machine delays frames.)
	dur, _ := strconv.ParseFloat(p.Format.Duration, 64)
	gap := clip.Duration - time.Duration(dur*float64(time.Second))
	if dur >= 2 || dur < 1.5 || gap <= 0 || gap > 200*time.Millisecond {
		t.Fatalf("duration: ffprobe %.3f s, clip %v; want just under 2 s", dur, clip.Duration)
	}
	if clip.Capped || len(clip.WebM) > 2_000_000 {
		t.Fatalf("capped %v at %d bytes", clip.Capped, len(clip.WebM))
	}
}

func TestRecordStopsAtTheByteCap(t *testing.T) {
	cam := openTestCamera(t, camera.Size{Width: 320, Height: 240})
	const limit = 40_000
	clip, err := Record(bounded(t), cam, Options{Duration: 4 * time.Second, MaxBytes: limit, BitRate: 2_000_000})
	if err != nil {
		t.Fatal(err)
	}
	if !clip.Capped || len(clip.WebM) > limit || clip.Duration >= 4*time.Second {
		t.Fatalf("capped %v, %d bytes (limit %d), %v", clip.Capped, len(clip.WebM), limit, clip.Duration)
	}
	p := ffprobe(t, clip.WebM)
	if n, _ := strconv.Atoi(p.Streams[0].NbReadFrames); n != clip.Frames {
		t.Fatalf("ffprobe decoded %d frames, clip says %d", n, clip.Frames)
	}
}

func TestRecordKeepsWhatWasRecordedWhenTheCameraStops(t *testing.T) {
	cam := openTestCamera(t, camera.Size{Width: 320, Height: 240})
	stopped := make(chan struct{})
	clip, err := Record(bounded(t), cam, Options{Duration: 10 * time.Second, OnProgress: func(p Progress) {
		if p.Frames == 10 {
			go func() { _ = cam.Close(); close(stopped) }()
		}
	}})
	<-stopped
	if !errors.Is(err, camera.ErrClosed) {
		t.Fatalf("got %v, want the camera's error", err)
	}
	if clip.Frames < 10 {
		t.Fatalf("kept %d frames", clip.Frames)
	}
	if n, _ := strconv.Atoi(ffprobe(t, clip.WebM).Streams[0].NbReadFrames); n != clip.Frames {
		t.Fatalf("ffprobe decoded %d frames, clip says %d", n, clip.Frames)
	}
}

func TestRecordCancelled(t *testing.T) {
	cam := openTestCamera(t, camera.Size{Width: 160, Height: 120})
	ctx, cancel := context.WithCancel(bounded(t))
	clip, err := Record(ctx, cam, Options{OnProgress: func(p Progress) {
		if p.Frames == 3 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) || clip.WebM != nil {
		t.Fatalf("got %v with %d bytes", err, len(clip.WebM))
	}
}

func TestRecordFromClosedCamera(t *testing.T) {
	cam := openTestCamera(t, camera.Size{Width: 160, Height: 120})
	_ = cam.Close()
	if _, err := Record(bounded(t), cam, Options{}); !errors.Is(err, ErrNoFrames) || !errors.Is(err, camera.ErrClosed) {
		t.Fatalf("got %v", err)
	}
}

func TestOptionsFromConfig(t *testing.T) {
	o := OptionsFromConfig(config.Default().Camera)
	if o.Duration != 4*time.Second || o.MaxBytes != 2_000_000 {
		t.Fatalf("got %+v", o)
	}
}

func TestBlockTimeStrictlyIncreases(t *testing.T) {
	prev := int64(-1)
	var got []int64
	for _, d := range []time.Duration{0, 33 * time.Millisecond, 33*time.Millisecond + 400*time.Microsecond, 34 * time.Millisecond, 100 * time.Millisecond} {
		prev = blockTime(prev, d)
		got = append(got, prev)
	}
	want := []int64{0, 33, 34, 35, 100}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
}
