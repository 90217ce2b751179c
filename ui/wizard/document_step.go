package wizard

import (
	"context"
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/capture/document"
	"github.com/enrolkiosk/enrolkiosk/enrol"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// captureTimeout bounds taking and processing one picture.
const captureTimeout = 20 * time.Second

// Errors of the picture steps; their texts are translation keys.
var (
	errNoPicture = enrol.ErrNoPicture
	errQuality   = errors.New("The picture has quality problems: retake it, or tick \"Use it anyway\"")
)

// pictureState is where a picture step stands. render shows exactly the widgets of the
// state: never "Take photo" beside "Retake", never a warning of another picture.
type pictureState int

const (
	// pictureLive: no picture; the camera live (or nothing), "Take photo" and "Import".
	pictureLive pictureState = iota
	// pictureBusy: a still being taken or processed; only the progress bar.
	pictureBusy
	// pictureCrop: the crop editor and its buttons.
	pictureCrop
	// pictureTaken: the picture, its warnings, "Retake", and "Use it anyway" when warned.
	pictureTaken
)

// documentStep captures one side of the ID document from the camera or a file.
type documentStep struct {
	w       *Wizard
	name    string
	kind    store.EvidenceKind
	state   pictureState
	jpeg    []byte
	quality *PictureQuality // the checks' verdict on jpeg; nil: not recorded
	gen     int             // counts shows and leaves: a result for an earlier one is dropped
	pic     *livePicture
	take    *widget.Button
	imp     *widget.Button
	retake  *widget.Button
	advice  *widget.Label
	anyway  *widget.Check
	busy    *widget.ProgressBarInfinite
	content fyne.CanvasObject

	// The machine readable zone: what was read, the fields that disagree, and the
	// operator's confirmation of the typed values. mrzGen drops a stale reading.
	mrzInfo, mrzDiff *widget.Label
	mrzConfirm       *widget.Check
	mrzGen           int
	// mrzDone, when set, runs on the UI goroutine after each reading is shown (tests).
	mrzDone func()

	// The operator's crop: center holds the picture or the crop editor, actions the
	// capture buttons or cropActions.
	crop                 *cropper
	center               *fyne.Container
	actions, cropActions fyne.CanvasObject
	// resultDone and proposed, when set, run on the UI goroutine after each processed
	// picture and after each crop proposal (tests).
	resultDone, proposed func()
}

func newDocumentStep(w *Wizard, name string, kind store.EvidenceKind) *documentStep {
	s := &documentStep{w: w, name: name, kind: kind, busy: widget.NewProgressBarInfinite()}
	s.busy.Hide()
	s.busy.Stop()
	s.pic = newLivePicture(w, fyne.NewSize(480, 300), SubjectDocument)
	s.retake = widget.NewButtonWithIcon(lang.L("Retake"), theme.ViewRefreshIcon(), s.again)
	s.advice = widget.NewLabel("")
	s.advice.Wrapping = fyne.TextWrapWord
	s.anyway = widget.NewCheck(lang.L("Use it anyway"), func(on bool) {
		if s.quality != nil {
			s.quality.Anyway = on
		}
	})
	s.take = widget.NewButtonWithIcon(lang.L("Take photo"), theme.MediaPhotoIcon(), s.takePhoto)
	s.take.Importance = widget.HighImportance
	if w.opts.Camera == nil {
		s.take.Disable()
	}
	s.imp = widget.NewButtonWithIcon(lang.L("Import from file"), theme.FolderOpenIcon(), s.importFile)
	s.mrzInfo = widget.NewLabel("")
	s.mrzInfo.Wrapping = fyne.TextWrapWord
	s.mrzInfo.Hide()
	s.mrzDiff = widget.NewLabel("")
	s.mrzDiff.Wrapping = fyne.TextWrapWord
	s.mrzDiff.Importance = widget.WarningImportance
	s.mrzDiff.Hide()
	s.mrzConfirm = widget.NewCheck(lang.L("Checked against the document: keep the typed values"), func(on bool) {
		if d := w.draft; mrzSide(d, s.kind) {
			d.MRZ.Confirmed = on
		}
	})
	s.mrzConfirm.Hide()
	s.actions = container.NewHBox(s.take, s.imp, s.retake)
	s.cropActions = s.newCropActions()
	s.center = container.NewStack(s.pic.object)
	s.content = container.NewBorder(nil, container.NewVBox(s.busy, s.advice, s.anyway, s.mrzInfo, s.mrzDiff, s.mrzConfirm,
		s.actions, s.cropActions), nil, nil, s.center)
	s.render()
	return s
}

func (s *documentStep) title() string             { return s.name }
func (s *documentStep) object() fyne.CanvasObject { return s.content }

func (s *documentStep) slot(d *Draft) *[]byte {
	if s.kind == store.DocumentRear {
		return &d.Rear
	}
	return &d.Front
}

func (s *documentStep) qualitySlot(d *Draft) **PictureQuality {
	if s.kind == store.DocumentRear {
		return &d.RearQuality
	}
	return &d.FrontQuality
}

// show puts the step in the state the draft left it: the picture with the warnings and
// the "Use it anyway" it had, or the live camera.
func (s *documentStep) show(d *Draft) {
	s.gen++
	s.closeCrop()
	s.jpeg = *s.slot(d)
	s.setQuality(*s.qualitySlot(d))
	s.settle()
	s.render() // before the camera starts: its answer comes from another goroutine
	s.pic.show(s.jpeg)
	s.mrzGen++ // a reading still running belongs to what was on screen before
	s.mrzInfo.Hide()
	if mrzSide(d, s.kind) {
		s.mrzInfo.SetText(lang.L("Machine readable zone read ({{.Format}}): document {{.Number}}, expires {{.Expiry}}.",
			map[string]any{"Format": string(d.MRZ.Result.Format), "Number": d.MRZ.Result.DocumentNumber, "Expiry": d.MRZ.Result.ExpiryDate.String()}))
		s.mrzInfo.Show()
	}
	s.showMismatches(d)
}

// setQuality takes a copy of the verdict on the picture held (nil: none recorded).
func (s *documentStep) setQuality(q *PictureQuality) {
	s.quality = nil
	if q != nil {
		c := *q
		s.quality = &c
	}
	s.anyway.SetChecked(s.quality != nil && s.quality.Anyway)
}

// ok reports whether the picture passed its checks; one whose verdict was not recorded
// (a draft of an older build) counts as passed, as that build treated it.
func (s *documentStep) ok() bool { return s.quality == nil || s.quality.Passed }

func (s *documentStep) keep(d *Draft) {
	*s.slot(d) = s.jpeg
	*s.qualitySlot(d) = nil
	if len(s.jpeg) > 0 && s.quality != nil {
		q := *s.quality
		*s.qualitySlot(d) = &q
	}
}

func (s *documentStep) leave() {
	s.gen++
	s.closeCrop()
	s.settle()
	s.pic.stop()
}

// settle leaves a passing state (busy, crop) for the one the picture held says: taken
// when there is one (a file dropped over a taken picture, then cancelled), else live.
func (s *documentStep) settle() {
	s.state = pictureLive
	if len(s.jpeg) > 0 {
		s.state = pictureTaken
	}
}

// render shows the widgets of the step's state and hides every other one.
func (s *documentStep) render() {
	live, taken := s.state == pictureLive, s.state == pictureTaken
	show(s.take, live)
	show(s.imp, live)
	show(s.retake, taken)
	show(s.anyway, taken && !s.ok())
	show(s.actions, s.state != pictureCrop)
	show(s.cropActions, s.state == pictureCrop)
	if s.state == pictureBusy {
		s.busy.Show()
		s.busy.Start()
	} else {
		s.busy.Stop()
		s.busy.Hide()
	}
	switch {
	case s.state == pictureCrop:
		s.advice.SetText(lang.L("Adjust the corners to the document's edges, then press Use this crop."))
	case taken && !s.ok():
		s.advice.SetText(adviceText(s.quality.Failed))
	case taken && s.quality != nil:
		s.advice.SetText(lang.L("Quality checks passed."))
	default:
		s.advice.SetText("")
	}
	show(s.advice, s.advice.Text != "")
	s.content.Refresh()
}

// again drops the picture and its warnings and shows the camera live for another one.
func (s *documentStep) again() {
	s.jpeg = nil
	s.setQuality(nil)
	s.state = pictureLive
	s.mrzGen++
	s.dropMRZ(s.w.draft)
	s.mrzInfo.Hide()
	s.showMismatches(s.w.draft)
	s.render()
	s.pic.show(nil)
}

func (s *documentStep) check(*Draft) error {
	switch {
	case len(s.jpeg) == 0:
		return errors.New(lang.L(errNoPicture.Error()))
	case !s.ok() && !s.anyway.Checked:
		return errors.New(lang.L(errQuality.Error()))
	}
	if d := s.w.draft; len(s.mismatches(d)) > 0 && !d.MRZ.Confirmed {
		s.showMismatches(d)
		return errors.New(lang.L(errMRZDiffers.Error()))
	}
	return nil
}

// takePhoto grabs a still and proposes its crop to the operator.
func (s *documentStep) takePhoto() {
	s.w.aim(SubjectDocument)
	s.propose(s.w.opts.Camera.Still)
}

func (s *documentStep) importFile() {
	s.w.openFile(document.Extensions(), func(b []byte, err error) {
		if err != nil {
			s.w.errText.SetText(err.Error())
			return
		}
		s.propose(s.decodeImport(b))
	})
}

// setBusy shows the progress bar alone while a still is taken or processed.
func (s *documentStep) setBusy() {
	s.state = pictureBusy
	s.render()
}

// run processes a picture off the UI goroutine and shows the result.
func (s *documentStep) run(fn func(context.Context) (document.Result, error)) {
	s.setBusy()
	gen, draft := s.gen, s.w.draft
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), captureTimeout)
		res, err := fn(ctx)
		cancel()
		fyne.Do(func() {
			if gen == s.gen && draft == s.w.draft { // else the step was left, or another customer started
				s.setResult(res, err)
			}
			if s.resultDone != nil {
				s.resultDone()
			}
		})
	}()
}

// setResult shows a processed picture and its quality advice, or why it was refused.
func (s *documentStep) setResult(res document.Result, err error) {
	if err != nil {
		s.w.errText.SetText(lang.L("The picture could not be used:") + " " + err.Error())
		s.settle()
		s.render()
		s.pic.show(s.jpeg)
		return
	}
	s.w.errText.SetText("")
	s.w.opts.logger().Info("document picture ready", "side", string(s.kind), "bytes", len(res.JPEG), "quality_ok", res.OK)
	s.jpeg = res.JPEG
	q := PictureQuality{Passed: res.OK}
	for _, m := range res.Measures {
		if !m.OK {
			q.Failed = append(q.Failed, m)
		}
	}
	s.setQuality(&q)
	s.state = pictureTaken
	s.pic.show(res.JPEG)
	s.render()
	s.readMRZ(res.JPEG)
}

// adviceText tells the operator, in their language, what to do about each failed measure.
func adviceText(measures []document.Measure) string {
	var lines []string
	for _, m := range measures {
		if m.OK {
			continue
		}
		var text string
		switch m.Name {
		case document.MeasureSharpness:
			text = lang.L("The picture is blurred: hold the camera and the document still and let it focus")
		case document.MeasureGlare:
			text = lang.L("Glare covers part of the document: move away from the light or tilt the document slightly")
		case document.MeasureExposure:
			text = lang.L("The picture is too dark or too bright: change the light")
		case document.MeasureResolution:
			text = lang.L("The document is too small in the picture: move the camera closer, or scan at 300 dpi or more")
		default:
			text = m.Advice
		}
		lines = append(lines, "• "+text)
	}
	if len(lines) == 0 { // failed, but no measure says why
		lines = append(lines, "• "+lang.L("The picture did not pass the quality checks: retake it"))
	}
	return strings.Join(lines, "\n")
}
