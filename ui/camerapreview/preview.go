package camerapreview

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/capture/camera"
)

// Source is the camera the preview shows; *camera.Camera is one.
type Source interface {
	Subscribe(depth int) *camera.Subscription
	Err() error
}

var _ Source = (*camera.Camera)(nil)

// Preview shows a camera live. Create it with New; call Start and Stop from the UI
// goroutine.
type Preview struct {
	widget.BaseWidget

	// Mirror flips the picture left to right, as a mirror does (for the selfie). It only
	// changes what is shown, never what is captured.
	Mirror bool
	// OnStopped is called on the UI goroutine when the camera stops by itself (err wraps
	// camera.ErrCameraLost); not after Stop.
	OnStopped func(err error)

	img       *canvas.Image
	countdown *canvas.Text
	rec       *fyne.Container
	recText   *canvas.Text
	message   *widget.Label

	box     atomic.Pointer[image.Point] // pixels available, set on Resize
	pending atomic.Bool                 // a frame is posted and not yet shown
	shown   atomic.Uint64
	skipped atomic.Uint64

	mu     sync.Mutex
	cancel context.CancelFunc
	done   chan struct{}
}

// New returns an empty preview; it shows nothing until Start.
func New() *Preview {
	p := &Preview{
		img:       canvas.NewImageFromImage(image.NewRGBA(image.Rect(0, 0, 1, 1))),
		countdown: canvas.NewText("", color.White),
		recText:   canvas.NewText("", color.White),
		message:   widget.NewLabel(""),
	}
	p.img.FillMode = canvas.ImageFillContain
	p.img.ScaleMode = canvas.ImageScaleFastest
	p.countdown.TextSize = 96
	p.countdown.TextStyle.Bold = true
	p.countdown.Alignment = fyne.TextAlignCenter
	p.recText.TextStyle.Bold = true
	dot := canvas.NewCircle(color.NRGBA{R: 220, A: 255})
	p.rec = container.NewHBox(container.NewGridWrap(fyne.NewSize(18, 18), dot), p.recText)
	p.rec.Hide()
	p.message.Wrapping = fyne.TextWrapWord
	p.message.Alignment = fyne.TextAlignCenter
	p.message.Importance = widget.DangerImportance
	p.message.Hide()
	p.ExtendBaseWidget(p)
	return p
}

// CreateRenderer implements fyne.Widget.
func (p *Preview) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(color.Black)
	top := container.NewPadded(container.NewHBox(p.rec, layout.NewSpacer()))
	return widget.NewSimpleRenderer(container.NewStack(bg, p.img,
		container.NewCenter(p.countdown), container.NewBorder(top, nil, nil, nil), container.NewCenter(p.message)))
}

// MinSize keeps the preview usable on a small screen.
func (p *Preview) MinSize() fyne.Size { return fyne.NewSize(320, 240) }

// Resize records the pixels available so frames are scaled off the UI goroutine to what
// will be shown.
func (p *Preview) Resize(s fyne.Size) {
	p.BaseWidget.Resize(s)
	scale := float32(1)
	if c := fyne.CurrentApp().Driver().CanvasForObject(p); c != nil {
		scale = c.Scale()
	}
	p.box.Store(&image.Point{int(s.Width * scale), int(s.Height * scale)})
}

// Shown is how many frames were put on screen.
func (p *Preview) Shown() uint64 { return p.shown.Load() }

// Skipped is how many frames were dropped because the UI had not yet shown the previous
// one.
func (p *Preview) Skipped() uint64 { return p.skipped.Load() }

// Start shows src until Stop or until the camera stops. A running preview is stopped
// first.
func (p *Preview) Start(src Source) {
	p.Stop()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	p.mu.Lock()
	p.cancel, p.done = cancel, done
	p.mu.Unlock()
	p.message.Hide()
	go p.run(ctx, src, done)
}

// Stop ends the preview and clears the picture, so nothing of a customer stays on screen.
// It waits for the frame goroutine to end.
func (p *Preview) Stop() {
	p.mu.Lock()
	cancel, done := p.cancel, p.done
	p.cancel, p.done = nil, nil
	p.mu.Unlock()
	if cancel == nil {
		return
	}
	cancel()
	<-done
	p.img.Image = image.NewRGBA(image.Rect(0, 0, 1, 1))
	p.img.Refresh()
}

// run converts frames and posts them to the UI, one in flight at a time.
func (p *Preview) run(ctx context.Context, src Source, done chan struct{}) {
	defer close(done)
	sub := src.Subscribe(1)
	defer sub.Cancel()
	for {
		select {
		case <-ctx.Done():
			return
		case f, ok := <-sub.C:
			if !ok {
				p.stopped(ctx, src.Err())
				return
			}
			p.post(ctx, f)
		}
	}
}

func (p *Preview) post(ctx context.Context, f camera.Frame) {
	if p.pending.Load() {
		p.skipped.Add(1) // the UI has not shown the previous frame yet
		return
	}
	box := image.Point{}
	if b := p.box.Load(); b != nil {
		box = *b
	}
	rgba := toDisplay(f.Image, fit(f.Image.Bounds(), box), p.Mirror)
	p.pending.Store(true)
	fyne.Do(func() {
		defer p.pending.Store(false)
		if ctx.Err() != nil {
			return // stopped meanwhile: do not show a stale frame
		}
		p.img.Image = rgba
		p.img.Refresh()
		p.shown.Add(1)
	})
}

// stopped tells the operator the camera is gone.
func (p *Preview) stopped(ctx context.Context, err error) {
	if err == nil || errors.Is(err, camera.ErrClosed) {
		return
	}
	fyne.Do(func() {
		if ctx.Err() != nil {
			return
		}
		p.SetMessage(lang.L("The camera stopped: {{.Reason}}", map[string]any{"Reason": err.Error()}))
		if p.OnStopped != nil {
			p.OnStopped(err)
		}
	})
}

// SetMessage shows text over the preview (empty hides it). Call from the UI goroutine.
func (p *Preview) SetMessage(text string) {
	p.message.SetText(text)
	p.message.Hidden = text == ""
	p.message.Refresh()
}

// SetCountdown shows n large over the preview; 0 hides it. Call from the UI goroutine.
func (p *Preview) SetCountdown(n int) {
	p.countdown.Text = ""
	if n > 0 {
		p.countdown.Text = fmt.Sprint(n)
	}
	p.countdown.Refresh()
}

// SetRecording shows or hides the recording indicator (a red dot, "REC" and the time
// recorded). Call from the UI goroutine.
func (p *Preview) SetRecording(on bool, elapsed time.Duration) {
	p.recText.Text = fmt.Sprintf("REC %02d:%02d", int(elapsed.Minutes()), int(elapsed.Seconds())%60)
	p.recText.Refresh()
	if on {
		p.rec.Show()
	} else {
		p.rec.Hide()
	}
}

// RunCountdown shows from, from-1, ... 1, one a second, then hides the countdown. Call it
// from a goroutine other than the UI's; it returns ctx's error if cancelled.
func (p *Preview) RunCountdown(ctx context.Context, from int) error {
	defer fyne.Do(func() { p.SetCountdown(0) })
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for n := from; n > 0; n-- {
		fyne.Do(func() { p.SetCountdown(n) })
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
	return nil
}
