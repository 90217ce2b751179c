package evdev

import (
	"encoding/binary"
	"errors"
	"time"
)

// EventSize is the size of struct input_event on 64-bit Linux: a timeval of two 64-bit
// fields, type and code (16 bits each) and a 32-bit value, little-endian.
const EventSize = 24

// Event types and codes used here (linux/input-event-codes.h).
const (
	evSyn = 0x00
	evKey = 0x01
	evAbs = 0x03

	synReport  = 0x00
	synDropped = 0x03

	absX        = 0x00
	absY        = 0x01
	absPressure = 0x18
	absTiltX    = 0x1a
	absTiltY    = 0x1b

	btnToolPen = 0x140
	btnTouch   = 0x14a
)

// ErrTruncated means a stream ended in the middle of an event.
var ErrTruncated = errors.New("input event stream ended in the middle of an event")

// Event is one kernel input event.
type Event struct {
	// Time is the kernel's timestamp (since the epoch, microsecond precision).
	Time  time.Duration
	Type  uint16
	Code  uint16
	Value int32
}

// parseEvent reads one event from b (len(b) >= EventSize).
func parseEvent(b []byte) Event {
	sec := int64(binary.LittleEndian.Uint64(b[0:]))
	usec := int64(binary.LittleEndian.Uint64(b[8:]))
	return Event{
		Time:  time.Duration(sec)*time.Second + time.Duration(usec)*time.Microsecond,
		Type:  binary.LittleEndian.Uint16(b[16:]),
		Code:  binary.LittleEndian.Uint16(b[18:]),
		Value: int32(binary.LittleEndian.Uint32(b[20:])),
	}
}
