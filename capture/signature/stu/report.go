package stu

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
)

// Report ids used (the first byte of every hidraw report).
const (
	// ReportPen is an input report: the pen (state, pressure, x, y).
	ReportPen = 0x01
	// ReportInformation is a feature report read once: model and firmware.
	ReportInformation = 0x08
	// ReportCapability is a feature report read once: tablet and screen sizes, rate.
	ReportCapability = 0x09
	// ReportWritingMode is a feature report written: 0 = report 0x01, 1 = report 0x34.
	ReportWritingMode = 0x0E
	// ReportSerial is a feature report read once where supported: the electronic serial.
	ReportSerial = 0x0F
	// ReportClearScreen is a feature report written: clear the screen and its ink.
	ReportClearScreen = 0x20
	// ReportInkingMode is a feature report written: 0 = no ink on the pad, 1 = ink.
	ReportInkingMode = 0x21
	// ReportImageStart, ReportImageData and ReportImageEnd upload a screen image.
	ReportImageStart = 0x25
	ReportImageData  = 0x26
	ReportImageEnd   = 0x27
	// ReportWritingArea is a feature report written: the screen rectangle that inks.
	ReportWritingArea = 0x2A
	// ReportPenColorWidth is a feature report written: the ink's colour and width.
	ReportPenColorWidth = 0x2D
	// ReportPenTimeSequence is an input report: the pen plus the pad's time and sequence.
	ReportPenTimeSequence = 0x34
)

// Sizes of the reports, report id included.
const (
	penSize             = 7
	penTimeSequenceSize = 11
	capabilitySize      = 17
	informationSize     = 15
	// ImageChunk is the number of image bytes one ReportImageData carries.
	ImageChunk     = 253
	imageDataSize  = 3 + ImageChunk
	writingAreaLen = 9
)

// Image encodings of ReportImageStart.
const (
	// Encoding1Bit is one bit per pixel, rows top to bottom, the leftmost pixel in the
	// most significant bit, 1 = dark (STU-430 and the other monochrome pads).
	Encoding1Bit = 0x00
	// Encoding24BitBGR is three bytes per pixel, blue, green, red, rows top to bottom
	// (STU-530, STU-540).
	Encoding24BitBGR = 0x04
)

// Sentinel errors of the report codec.
var (
	// ErrShortReport means a report is shorter than its id requires.
	ErrShortReport = errors.New("STU report is shorter than its layout")
	// ErrUnknownReport means an input report id this package does not decode.
	ErrUnknownReport = errors.New("STU report id is not a pen report")
)

// Pen is one decoded pen report.
type Pen struct {
	// Proximity (rdy) is true while the pen is in range of the surface.
	Proximity bool
	// Switch is the pen's switch state (sw, 3 bits); non-zero means the tip is down.
	Switch uint8
	// Pressure is the tip pressure, 12 bits, 0..Capability.PressureMax.
	Pressure uint16
	// X and Y are in tablet units, 0..Capability.TabletMaxX/Y, Y growing downwards.
	X, Y uint16
	// HasTime tells whether TimeCount and Sequence were reported (report 0x34).
	HasTime bool
	// TimeCount is the pad's clock in milliseconds, wrapping at 65536.
	TimeCount uint16
	// Sequence increments by one with every report, wrapping at 65536.
	Sequence uint16
}

// ParsePen decodes an input report 0x01 or 0x34 (b starts with the report id).
func ParsePen(b []byte) (Pen, error) {
	if len(b) == 0 {
		return Pen{}, ErrShortReport
	}
	want := 0
	switch b[0] {
	case ReportPen:
		want = penSize
	case ReportPenTimeSequence:
		want = penTimeSequenceSize
	default:
		return Pen{}, fmt.Errorf("%w: %#02x", ErrUnknownReport, b[0])
	}
	if len(b) < want {
		return Pen{}, fmt.Errorf("%w: report %#02x has %d bytes, want %d", ErrShortReport, b[0], len(b), want)
	}
	be := binary.BigEndian
	p := Pen{
		Proximity: b[1]&0x80 != 0,
		Switch:    b[1] >> 4 & 0x07,
		Pressure:  be.Uint16(b[1:]) & 0x0fff,
		X:         be.Uint16(b[3:]),
		Y:         be.Uint16(b[5:]),
	}
	if b[0] == ReportPenTimeSequence {
		p.HasTime, p.TimeCount, p.Sequence = true, be.Uint16(b[7:]), be.Uint16(b[9:])
	}
	return p, nil
}

// AppendPen appends p as an input report: 0x34 when p.HasTime, else 0x01. Recorded test
// streams and the fake device are written with it.
func AppendPen(b []byte, p Pen) []byte {
	id := byte(ReportPen)
	if p.HasTime {
		id = ReportPenTimeSequence
	}
	state := uint16(p.Pressure&0x0fff) | uint16(p.Switch&0x07)<<12
	if p.Proximity {
		state |= 0x8000
	}
	b = append(b, id)
	b = binary.BigEndian.AppendUint16(b, state)
	b = binary.BigEndian.AppendUint16(b, p.X)
	b = binary.BigEndian.AppendUint16(b, p.Y)
	if p.HasTime {
		b = binary.BigEndian.AppendUint16(b, p.TimeCount)
		b = binary.BigEndian.AppendUint16(b, p.Sequence)
	}
	return b
}

// ReportSize returns the size of an input report by its id, or 0 for ids that are not
// pen reports.
func ReportSize(id byte) int {
	switch id {
	case ReportPen:
		return penSize
	case ReportPenTimeSequence:
		return penTimeSequenceSize
	}
	return 0
}

// Capability is the feature report 0x09: the pad's ranges.
type Capability struct {
	// TabletMaxX, TabletMaxY are the largest pen coordinates (tablet units).
	TabletMaxX, TabletMaxY uint16
	// PressureMax is the largest pressure value (1023 on the 430/530/540).
	PressureMax uint16
	// ScreenWidth, ScreenHeight are the screen's size in pixels.
	ScreenWidth, ScreenHeight uint16
	// ReportRate is the pen report rate in Hz (200).
	ReportRate uint8
	// Resolution is the tablet's resolution in lines per inch (2540 = 100 units/mm); 0
	// when the pad does not say.
	Resolution uint16
	// ZlibColor and EncodingFlags are reported but not used here.
	ZlibColor, EncodingFlags uint8
}

// ParseCapability decodes a feature report 0x09 (b starts with the report id).
func ParseCapability(b []byte) (Capability, error) {
	if len(b) < 12 || b[0] != ReportCapability {
		return Capability{}, fmt.Errorf("%w: capability report of %d bytes", ErrShortReport, len(b))
	}
	be := binary.BigEndian
	c := Capability{
		TabletMaxX: be.Uint16(b[1:]), TabletMaxY: be.Uint16(b[3:]), PressureMax: be.Uint16(b[5:]),
		ScreenWidth: be.Uint16(b[7:]), ScreenHeight: be.Uint16(b[9:]), ReportRate: b[11],
	}
	if len(b) >= 14 {
		c.Resolution = be.Uint16(b[12:])
	}
	if len(b) >= 16 {
		c.ZlibColor, c.EncodingFlags = b[14], b[15]
	}
	if c.TabletMaxX == 0 || c.TabletMaxY == 0 || c.ScreenWidth == 0 || c.ScreenHeight == 0 {
		return Capability{}, fmt.Errorf("capability report gives an empty tablet (%dx%d) or screen (%dx%d)", c.TabletMaxX, c.TabletMaxY, c.ScreenWidth, c.ScreenHeight)
	}
	return c, nil
}

// AppendCapability appends c as a feature report 0x09 (for the fake device).
func AppendCapability(b []byte, c Capability) []byte {
	be := binary.BigEndian
	b = append(b, ReportCapability)
	for _, v := range []uint16{c.TabletMaxX, c.TabletMaxY, c.PressureMax, c.ScreenWidth, c.ScreenHeight} {
		b = be.AppendUint16(b, v)
	}
	b = append(b, c.ReportRate)
	b = be.AppendUint16(b, c.Resolution)
	return append(b, c.ZlibColor, c.EncodingFlags, 0)
}

// Information is the feature report 0x08: the model and firmware.
type Information struct {
	// Model is the model name, for example "STU-540".
	Model string
	// FirmwareMajor and FirmwareMinor are the firmware version.
	FirmwareMajor, FirmwareMinor uint8
}

// Firmware returns the firmware version as "major.minor".
func (i Information) Firmware() string { return fmt.Sprintf("%d.%d", i.FirmwareMajor, i.FirmwareMinor) }

// ParseInformation decodes a feature report 0x08 (b starts with the report id).
func ParseInformation(b []byte) (Information, error) {
	if len(b) < 10 || b[0] != ReportInformation {
		return Information{}, fmt.Errorf("%w: information report of %d bytes", ErrShortReport, len(b))
	}
	return Information{Model: cString(b[1:8]), FirmwareMajor: b[8], FirmwareMinor: b[9]}, nil
}

// AppendInformation appends i as a feature report 0x08 (for the fake device).
func AppendInformation(b []byte, i Information) []byte {
	var name [7]byte
	copy(name[:], i.Model)
	b = append(b, ReportInformation)
	b = append(b, name[:]...)
	return append(b, i.FirmwareMajor, i.FirmwareMinor, 0, 0, 0, 0, 0)
}

// cString returns the printable ASCII of b up to its first NUL.
func cString(b []byte) string {
	if i := strings.IndexByte(string(b), 0); i >= 0 {
		b = b[:i]
	}
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e {
			return -1
		}
		return r
	}, string(b))
}

// Rect is a rectangle on the pad's screen in pixels, Max exclusive.
type Rect struct{ X0, Y0, X1, Y1 uint16 }

// writingArea is the feature report 0x2A for r: the inclusive corners, little-endian.
func writingArea(r Rect) []byte {
	b := []byte{ReportWritingArea}
	le := binary.LittleEndian
	b = le.AppendUint16(b, r.X0)
	b = le.AppendUint16(b, r.Y0)
	b = le.AppendUint16(b, max(r.X1, 1)-1)
	return le.AppendUint16(b, max(r.Y1, 1)-1)
}

// penColorWidth is the feature report 0x2D: the colour as RGB565 (big-endian) and the
// width 0..5.
func penColorWidth(r, g, bl uint8, width uint8) []byte {
	c := uint16(r>>3)<<11 | uint16(g>>2)<<5 | uint16(bl>>3)
	return append(binary.BigEndian.AppendUint16([]byte{ReportPenColorWidth}, c), min(width, 5))
}
