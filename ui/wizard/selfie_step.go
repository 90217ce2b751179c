package wizard

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/capture/video"
	"github.com/enrolkiosk/enrolkiosk/enrol"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// recordTimeout bounds a selfie recording (a few seconds of video plus the encoder).
const recordTimeout = time.Minute

// Errors of the selfie step; their texts are translation keys.
var (
	errNoSelfie = enrol.ErrNoSelfie
	errNoVideo  = enrol.ErrNoVideo
	errNotWebM  = errors.New("The file is not a WebM video")
	// ErrPartialVideo is wrapped by Camera.Record when the camera stopped part-way: the
	// frames recorded until then come back with it and are kept.
	ErrPartialVideo = errors.New("The camera stopped during the video. The part recorded so far is kept; record again if it is too short")
)

// webmMagic starts every WebM (EBML) file.
var webmMagic = []byte{0x1a, 0x45, 0xdf, 0xa3}

// selfieStep captures the selfie still ("document_owner") and the selfie video.
type selfieStep struct {
	w        *Wizard
	still    []byte
	video    []byte
	pic      *livePicture
	videoMsg *widget.Label
	stillMsg *widget.Label // "Selfie taken" once there is one
	progress *widget.ProgressBar
	take     *widget.Button // "Take selfie", on the live camera
	imp      *widget.Button // "Import photo", on the live camera
	retake   *widget.Button // "Retake selfie", with the selfie taken
	record   *widget.Button
	play     *widget.Button     // plays the recorded video back on the picture
	playing  context.CancelFunc // stops the playback under way, else nil
	playGen  int                // counts playbacks: a finished one touches only its own
	shown    int                // frames shown by the last playback (tests)
	played   func()             // called after a playback ends (tests)
	captured func()             // called after a still or a recording is answered (tests)
	content  fyne.CanvasObject
}

func newSelfieStep(w *Wizard) *selfieStep {
	s := &selfieStep{w: w, pic: newLivePicture(w, fyne.NewSize(320, 240), SubjectFace), videoMsg: widget.NewLabel(""), progress: widget.NewProgressBar()}
	s.stillMsg = widget.NewLabel("")
	s.stillMsg.Importance = widget.SuccessImportance
	s.progress.Hide()
	take := widget.NewButtonWithIcon(lang.L("Take selfie"), theme.MediaPhotoIcon(), s.takeStill)
	take.Importance = widget.HighImportance
	s.take = take
	s.retake = widget.NewButtonWithIcon(lang.L("Retake selfie"), theme.ViewRefreshIcon(), s.again)
	s.record = widget.NewButtonWithIcon(lang.L("Record video"), theme.MediaRecordIcon(), s.recordVideo)
	if w.opts.Camera == nil {
		take.Disable()
		s.record.Disable()
	}
	s.play = widget.NewButtonWithIcon(lang.L("Play video"), theme.MediaPlayIcon(), s.playVideo)
	s.play.Hide()
	s.imp = widget.NewButtonWithIcon(lang.L("Import photo"), theme.FolderOpenIcon(), s.importStill)
	importVideo := widget.NewButtonWithIcon(lang.L("Import video"), theme.FolderOpenIcon(), s.importVideo)
	s.content = container.NewBorder(nil, container.NewVBox(
		s.stillMsg, s.progress, s.videoMsg,
		container.NewHBox(take, s.imp, s.retake),
		container.NewHBox(s.record, s.play, importVideo),
	), nil, nil, s.pic.object)
	s.showStill()
	return s
}

func (s *selfieStep) title() string             { return lang.L("Selfie and video") }
func (s *selfieStep) object() fyne.CanvasObject { return s.content }

func (s *selfieStep) show(d *Draft) {
	s.still, s.video = d.Owner, d.Video
	s.showStill()
	s.showVideo()
	s.pic.show(s.still) // last: the camera's answer comes from another goroutine
}

// showStill shows the selfie's state: on the live camera "Take selfie" and "Import
// photo"; with a selfie taken, that it is, and "Retake selfie" alone.
func (s *selfieStep) showStill() {
	taken := len(s.still) > 0
	show(s.take, !taken)
	show(s.imp, !taken)
	show(s.retake, taken)
	s.stillMsg.SetText("")
	if taken {
		s.stillMsg.SetText("✓ " + lang.L("Selfie taken. Check it on the picture; retake it if the face is not clear."))
	}
	show(s.stillMsg, taken)
	s.content.Refresh() // lays the buttons out again
}

// again drops the selfie and shows the camera live for another one.
func (s *selfieStep) again() {
	s.stopPlayback()
	s.still = nil
	s.showStill()
	s.pic.show(nil) // last: the camera's answer comes from another goroutine
}

func (s *selfieStep) keep(d *Draft) {
	d.Owner, d.Video = s.still, s.video
	d.VideoType = ""
	if len(s.video) > 0 {
		d.VideoType = store.MediaWebM
	}
}

func (s *selfieStep) check(*Draft) error {
	switch {
	case len(s.still) == 0:
		return errors.New(lang.L(errNoSelfie.Error()))
	case len(s.video) == 0 && enrol.NeedsVideo(s.w.opts.Profile):
		return errors.New(lang.L(errNoVideo.Error()))
	}
	return nil
}

func (s *selfieStep) leave() {
	s.stopPlayback()
	s.pic.stop()
}

func (s *selfieStep) showVideo() {
	if len(s.video) == 0 {
		s.videoMsg.SetText(lang.L("No video yet."))
		s.record.SetText(lang.L("Record video"))
		s.play.Hide()
		return
	}
	s.record.SetText(lang.L("Record again"))
	s.play.Show()
	s.videoMsg.SetText(lang.L("Video recorded: {{.Size}}. Record it again if the customer moved out of the picture.", map[string]any{"Size": megabytes(len(s.video))}))
}

func (s *selfieStep) takeStill() {
	s.w.aim(SubjectFace)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), captureTimeout)
		defer cancel()
		var jpg []byte
		img, err := s.w.opts.Camera.Still(ctx)
		if err == nil {
			jpg, err = enrol.SelfieJPEG(ctx, img)
		}
		fyne.Do(func() {
			s.setStill(jpg, err)
			if s.captured != nil {
				s.captured()
			}
		})
	}()
}

func (s *selfieStep) importStill() {
	s.w.openFile([]string{".jpg", ".jpeg", ".png"}, func(b []byte, err error) {
		if err == nil {
			b, err = enrol.DecodeSelfie(context.Background(), b, s.w.opts.Document.MaxPixels)
		}
		s.setStill(b, err)
	})
}

func (s *selfieStep) setStill(jpg []byte, err error) {
	if err != nil {
		s.w.errText.SetText(lang.L("The selfie could not be taken:") + " " + err.Error())
		return
	}
	s.w.errText.SetText("")
	s.w.opts.logger().Info("selfie ready", "bytes", len(jpg))
	s.still = jpg
	s.pic.show(jpg)
	s.showStill()
}

func (s *selfieStep) recordVideo() {
	s.record.Disable()
	s.pic.still.Hide()
	s.pic.start()
	s.progress.SetValue(0)
	s.progress.Hide() // shown once recording starts, not at 0% through the countdown
	s.videoMsg.SetText(lang.L("Get ready: the video starts after the countdown."))
	preview := s.pic.preview
	s.w.aim(SubjectFace)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), recordTimeout)
		defer cancel()
		if preview != nil && s.w.opts.Countdown > 0 {
			preview.RunCountdown(ctx, s.w.opts.Countdown) // the customer gets ready
		}
		clip, err := s.w.opts.Camera.Record(ctx, func(elapsed, total time.Duration) {
			fyne.Do(func() {
				if !s.progress.Visible() {
					s.progress.Show()
					s.videoMsg.SetText(lang.L("Recording: look at the camera."))
				}
				s.progress.SetValue(float64(elapsed) / float64(max(total, 1)))
				if s.pic.preview != nil {
					s.pic.preview.SetRecording(true, elapsed)
				}
			})
		})
		fyne.Do(func() {
			s.record.Enable()
			s.progress.Hide()
			if s.pic.preview != nil {
				s.pic.preview.SetRecording(false, 0)
			}
			s.pic.show(s.still)
			s.showVideo()
			s.setVideo(clip, err)
			if s.captured != nil {
				s.captured()
			}
		})
	}()
}

func (s *selfieStep) importVideo() {
	s.w.openFile([]string{".webm"}, s.setVideo)
}

func (s *selfieStep) setVideo(b []byte, err error) {
	if errors.Is(err, ErrPartialVideo) && bytes.HasPrefix(b, webmMagic) {
		s.video = b
		s.showVideo()
		s.w.errText.SetText(lang.L(ErrPartialVideo.Error()))
		return
	}
	if err == nil && !bytes.HasPrefix(b, webmMagic) {
		err = fmt.Errorf("%s", lang.L(errNotWebM.Error()))
	}
	if err != nil {
		s.w.errText.SetText(lang.L("The video could not be used:") + " " + err.Error())
		return
	}
	s.w.errText.SetText("")
	s.video = b
	s.showVideo()
}

// playVideo plays the recorded video back on the picture, at its own pace, then shows the
// selfie (or the live camera) again. The frames are decoded off the UI goroutine.
func (s *selfieStep) playVideo() {
	if len(s.video) == 0 || s.playing != nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.playing = cancel
	s.playGen++
	gen := s.playGen
	s.play.Disable()
	s.record.Disable()
	s.pic.stop()
	s.pic.still.Show()
	s.shown = 0
	clip := s.video
	go func() {
		start := time.Now()
		err := video.Frames(ctx, clip, func(i int, img image.Image, info video.Info) error {
			at := info.Duration * time.Duration(i) / time.Duration(max(info.Frames, 1))
			if d := time.Until(start.Add(at)); d > 0 {
				select {
				case <-time.After(d):
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			fyne.Do(func() {
				if ctx.Err() == nil && s.playGen == gen {
					s.pic.still.Image = img
					s.pic.still.Refresh()
					s.shown++
				}
			})
			return nil
		})
		fyne.Do(func() {
			cancel()
			if s.playing != nil && s.playGen == gen {
				s.playing = nil
				s.play.Enable()
				s.record.Enable()
				s.pic.show(s.still)
			}
			if err != nil && !errors.Is(err, context.Canceled) {
				s.w.errText.SetText(lang.L("The video could not be played:") + " " + err.Error())
			}
			if s.played != nil {
				s.played()
			}
		})
	}()
}

// stopPlayback ends a playback under way.
func (s *selfieStep) stopPlayback() {
	if s.playing != nil {
		s.playing()
		s.playing = nil
		s.play.Enable()
		s.record.Enable()
	}
}
