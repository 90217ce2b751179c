package stu

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"sync"
	"sync/atomic"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
)

// Sentinel errors of Pad.
var (
	// ErrNoPad means no STU pad was found among the hidraw nodes.
	ErrNoPad = errors.New("no Wacom STU signature pad found among /dev/hidraw* (is it plugged in, and is the udev rule installed?)")
	// ErrDisconnected means the pad went away while it was read (unplugged, or the
	// cable failed). The samples received before are kept by the caller.
	ErrDisconnected = errors.New("the signature pad was disconnected")
	// ErrNotSTU means a hidraw node is not a Wacom STU pad.
	ErrNotSTU = errors.New("not a Wacom STU signature pad")
)

// Conn is what a Pad needs from its hidraw node. The real one is a /dev/hidrawN file;
// tests use stutest.Fake.
type Conn interface {
	// ReadReport blocks for the next input report and copies it into b (id first),
	// returning its length. It fails once the node is closed or the pad is gone.
	ReadReport(b []byte) (int, error)
	// SetFeature sends feature report b (b[0] is its id).
	SetFeature(b []byte) error
	// GetFeature reads feature report b[0] into b and returns its length.
	GetFeature(b []byte) (int, error)
	// Close releases the node and ends a blocked ReadReport.
	Close() error
}

// Info describes a pad.
type Info struct {
	// Path is the hidraw node ("" for a fake).
	Path string
	// Model is the pad's model, for example "STU-540" (from report 0x08, else from the
	// product id).
	Model string
	// Serial is the pad's electronic serial (report 0x0F) or USB serial; "" when the pad
	// has neither.
	Serial string
	// Firmware is the firmware version "major.minor".
	Firmware string
	// Capability holds the pad's ranges.
	Capability Capability
}

// Color tells whether the pad has a colour screen (24-bit images) rather than a
// monochrome one (1-bit images). The STU-430 and the older 300/500 are monochrome.
func (i Info) Color() bool {
	switch i.Model {
	case "STU-300", "STU-430", "STU-430V", "STU-500":
		return false
	}
	return true
}

// Pad is one open STU pad: a pen source (Device, Stream) with its own screen.
type Pad struct {
	conn Conn
	info Info
	dev  signature.Device

	mu     sync.Mutex // serialises feature reports and guards screen
	screen Screen     // the prompt shown, for redrawing after Clear or Undo
	closed bool

	reports, dropped atomic.Int64 // of the last Stream, as the Decoder counts them
}

// New reads the pad's capability, information and serial over conn. product is the USB
// product id (0 when unknown) and serial the USB serial, both from hidraw; the pad's own
// reports win over them.
func New(ctx context.Context, conn Conn, path string, product uint16, serial string) (*Pad, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	buf := make([]byte, 64)
	buf[0] = ReportCapability
	n, err := conn.GetFeature(buf)
	if err != nil {
		return nil, fmt.Errorf("read the pad's capability: %w", err)
	}
	cp, err := ParseCapability(buf[:n])
	if err != nil {
		return nil, fmt.Errorf("read the pad's capability: %w", err)
	}
	info := Info{Path: path, Serial: serial, Capability: cp}
	info.Model, _ = Model(product)
	clear(buf)
	buf[0] = ReportInformation
	if n, err := conn.GetFeature(buf); err == nil {
		if in, err := ParseInformation(buf[:n]); err == nil {
			if in.Model != "" {
				info.Model = in.Model
			}
			info.Firmware = in.Firmware()
		}
	}
	clear(buf)
	buf[0] = ReportSerial
	if n, err := conn.GetFeature(buf); err == nil && n > 1 {
		if s := cString(buf[1:n]); s != "" {
			info.Serial = s
		}
	}
	if info.Model == "" {
		info.Model = "STU"
	}
	dev := signature.Device{Kind: signature.KindPad, Name: "Wacom " + info.Model,
		XMax: int32(cp.TabletMaxX), YMax: int32(cp.TabletMaxY), SampleRate: float64(cp.ReportRate),
		HasPressure: cp.PressureMax > 0, PressureMax: int32(cp.PressureMax)}
	if cp.Resolution > 0 {
		dev.Resolution = float64(cp.Resolution) / 25.4
	}
	return &Pad{conn: conn, info: info, dev: dev}, nil
}

// Info describes the pad.
func (p *Pad) Info() Info { return p.info }

// Device describes the pad as a pen device: its name and model, ranges, pressure and rate.
func (p *Pad) Device() signature.Device { return p.dev }

// feature sends one feature report under the lock.
func (p *Pad) feature(ctx context.Context, b []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if p.closed {
		return ErrDisconnected
	}
	return p.conn.SetFeature(b)
}

// ShowPrompt draws pr on the pad's screen and turns ink on inside the signing box.
func (p *Pad) ShowPrompt(ctx context.Context, pr Prompt) error {
	c := p.info.Capability
	s, err := RenderPrompt(pr, int(c.ScreenWidth), int(c.ScreenHeight))
	if err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.screen = s
	return p.show(ctx, s.Image)
}

// Redraw clears the pad's ink and shows the prompt again with the strokes of sig (none
// after Clear; the remaining ones after Undo or a reconnection).
func (p *Pad) Redraw(ctx context.Context, sig signature.Signature) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.screen.Image == nil {
		return nil
	}
	return p.show(ctx, p.screen.WithInk(sig, p.info.Capability))
}

// show uploads img, limits ink to the box and turns ink on. The caller holds p.mu.
func (p *Pad) show(ctx context.Context, img *image.NRGBA) error {
	enc, data := byte(Encoding1Bit), []byte(nil)
	if p.info.Color() {
		enc, data = Encoding24BitBGR, EncodeBGR24(img)
	} else {
		data = Encode1Bit(img)
	}
	steps := [][]byte{{ReportInkingMode, 0}, {ReportClearScreen, 0}}
	steps = append(steps, ImageReports(enc, data)...)
	steps = append(steps, writingArea(p.screen.Box))
	for _, b := range steps {
		if err := p.feature(ctx, b); err != nil {
			return fmt.Errorf("show the prompt on the pad: %w", err)
		}
	}
	if p.info.Color() {
		// Cosmetic: a pad that refuses the colour keeps its default ink.
		_ = p.feature(ctx, penColorWidth(InkColor.R, InkColor.G, InkColor.B, 1))
	}
	if err := p.feature(ctx, []byte{ReportInkingMode, 1}); err != nil {
		return fmt.Errorf("turn ink on on the pad: %w", err)
	}
	return nil
}

// ImageReports returns the feature reports that upload data in encoding enc: the start
// (0x25), the data in chunks of ImageChunk bytes (0x26: length little-endian, then the
// bytes, the last chunk zero-padded) and the end (0x27).
func ImageReports(enc byte, data []byte) [][]byte {
	out := [][]byte{{ReportImageStart, enc}}
	for off := 0; off < len(data); off += ImageChunk {
		chunk := data[off:min(off+ImageChunk, len(data))]
		b := make([]byte, imageDataSize)
		b[0] = ReportImageData
		binary.LittleEndian.PutUint16(b[1:], uint16(len(chunk)))
		copy(b[3:], chunk)
		out = append(out, b)
	}
	return append(out, []byte{ReportImageEnd, 0})
}

// Stream asks for pen reports with time and sequence (falling back to plain ones on a
// pad that refuses), then calls emit for every sample until ctx ends (it returns
// ctx.Err(), after turning ink off and clearing the screen) or the pad goes away (an
// error wrapping ErrDisconnected). Either way the pad is released: Stream is its last use.
func (p *Pad) Stream(ctx context.Context, emit func(signature.Sample)) error {
	return p.stream(ctx, &Decoder{}, emit)
}

func (p *Pad) stream(ctx context.Context, d *Decoder, emit func(signature.Sample)) error {
	p.mu.Lock()
	err := p.feature(ctx, []byte{ReportWritingMode, 1})
	p.mu.Unlock()
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		p.Close()
		return err
	}
	stop := context.AfterFunc(ctx, func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		bg := context.Background()
		_ = p.feature(bg, []byte{ReportInkingMode, 0})
		_ = p.feature(bg, []byte{ReportClearScreen, 0})
		p.closeLocked()
	})
	defer stop()
	buf := make([]byte, 64)
	for {
		n, err := p.conn.ReadReport(buf)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			p.Close()
			return fmt.Errorf("%w (%s: %v): plug it back in to continue", ErrDisconnected, orNode(p.info.Path), err)
		}
		s, ok, err := d.Feed(buf[:n])
		p.reports.Store(int64(d.Reports))
		p.dropped.Store(int64(d.Dropped))
		if err == nil && ok {
			emit(s)
		}
	}
}

// Counts returns the pen reports received and the reports the pad numbered that never
// arrived (gaps in the 0x34 sequence), so far in the current or last Stream.
func (p *Pad) Counts() (reports, dropped int) {
	return int(p.reports.Load()), int(p.dropped.Load())
}

func orNode(path string) string {
	if path == "" {
		return "pad"
	}
	return path
}

// Close releases the pad. Stream closes it too.
func (p *Pad) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.closeLocked()
}

func (p *Pad) closeLocked() error {
	if p.closed {
		return nil
	}
	p.closed = true
	return p.conn.Close()
}
