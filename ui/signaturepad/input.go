package signaturepad

import (
	"context"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
)

// MouseDown implements desktop.Mouseable: the pen touches at the press point.
func (p *Pad) MouseDown(e *desktop.MouseEvent) {
	if e.Button != desktop.MouseButtonPrimary || p.external {
		return
	}
	p.pointer(e.Position, true)
}

// MouseUp implements desktop.Mouseable: the pen lifts.
func (p *Pad) MouseUp(e *desktop.MouseEvent) {
	if p.external {
		return
	}
	p.penUp()
}

// Dragged implements fyne.Draggable: every move event is a sample. On touch screens
// (no MouseDown) the first event's start point is recorded first.
func (p *Pad) Dragged(e *fyne.DragEvent) {
	if p.external {
		return
	}
	if !p.down {
		p.pointer(e.Position.Subtract(e.Dragged), true)
	}
	p.pointer(e.Position, true)
}

// DragEnd implements fyne.Draggable: the pen lifts.
func (p *Pad) DragEnd() {
	if !p.external {
		p.penUp()
	}
}

// pointer records a pointer sample at pos (in the pad's coordinates), timestamped now.
// A drag continues outside the pad; like a tablet at the edge of its area, positions are
// held at the pad's border.
//
// While the pad holds samples of another device (a tablet that stopped, kept for a
// retry), pointer events are ignored: units of two devices never mix in one signature.
func (p *Pad) pointer(pos fyne.Position, contact bool) {
	if len(p.samples) > 0 && p.dev.Kind != signature.KindPointer {
		return
	}
	sz := p.Size()
	pos = fyne.NewPos(min(max(pos.X, 0), sz.Width), min(max(pos.Y, 0), sz.Height))
	now := p.opts.Now()
	if len(p.samples) == 0 {
		p.t0 = now
		p.dev = pointerDevice(sz.Width, sz.Height)
	}
	s := signature.Sample{
		T: uint32(max(now.Sub(p.t0).Milliseconds(), 0)),
		X: int32(math.Round(float64(pos.X * pointerUnits))), Y: int32(math.Round(float64(pos.Y * pointerUnits))),
		Contact: contact, Proximity: true,
	}
	p.dev.XMax, p.dev.YMax = max(p.dev.XMax, s.X), max(p.dev.YMax, s.Y)
	p.AddSample(s)
}

// penUp ends the stroke with a pen-up sample at the last position.
func (p *Pad) penUp() {
	if !p.down || len(p.samples) == 0 {
		return
	}
	last := p.samples[len(p.samples)-1]
	last.T = uint32(max(p.opts.Now().Sub(p.t0).Milliseconds(), int64(last.T)))
	last.Contact, last.Pressure = false, 0
	p.AddSample(last)
}

// AddSample adds one sample and draws the segment it completes. A sample out of contact
// after one in contact ends the stroke.
func (p *Pad) AddSample(s signature.Sample) {
	switch {
	case s.Contact && !p.down:
		p.strokeStarts = append(p.strokeStarts, len(p.samples))
		p.down = true
	case !s.Contact && p.down:
		p.down = false
	}
	p.samples = append(p.samples, s)
	p.drawSample(s)
	p.changed()
}

// Attach clears the pad, takes the device of src and streams its samples into the pad
// until ctx ends or the source does; pointer events are ignored meanwhile. The returned
// channel yields the source's result once every sample has been added.
func (p *Pad) Attach(ctx context.Context, src Source) <-chan error {
	p.external = true
	p.Clear()
	p.tOffset = 0
	return p.stream(ctx, src)
}

// Resume is Attach keeping the samples so far, for a source that stopped part-way (an
// unplugged signature pad, plugged back in): a stroke left open ends at its last sample,
// and the new samples' times continue after the last one kept, plus the time the source
// was away, so the signature's time line stays monotonic.
func (p *Pad) Resume(ctx context.Context, src Source) <-chan error {
	if len(p.samples) == 0 {
		return p.Attach(ctx, src)
	}
	p.external = true
	last := p.samples[len(p.samples)-1]
	if p.down {
		up := last
		up.Contact, up.Pressure = false, 0
		p.AddSample(up)
	}
	away := uint32(1)
	if !p.stoppedAt.IsZero() {
		away = uint32(max(p.opts.Now().Sub(p.stoppedAt).Milliseconds(), 1))
	}
	p.tOffset = last.T + away
	return p.stream(ctx, src)
}

func (p *Pad) stream(ctx context.Context, src Source) <-chan error {
	p.dev = src.Device()
	p.redraw()
	done := make(chan error, 1)
	go func() {
		err := src.Stream(ctx, p.enqueue)
		fyne.DoAndWait(func() {
			p.flush()
			p.external = false
			p.stoppedAt = p.opts.Now()
		})
		done <- err
	}()
	return done
}

// enqueue buffers a sample from a source goroutine and schedules one flush on the UI
// goroutine for however many samples arrive meanwhile.
func (p *Pad) enqueue(s signature.Sample) {
	p.mu.Lock()
	p.pending = append(p.pending, s)
	schedule := !p.queued
	p.queued = true
	p.mu.Unlock()
	if schedule {
		fyne.Do(p.flush)
	}
}

func (p *Pad) flush() {
	p.mu.Lock()
	batch := p.pending
	p.pending, p.queued = nil, false
	p.mu.Unlock()
	for _, s := range batch {
		s.T += p.tOffset
		p.AddSample(s)
	}
}
