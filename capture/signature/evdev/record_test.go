package evdev

import (
	"encoding/binary"
	"time"
)

// AppendEvent appends e in the kernel's layout (the tests record their streams with it).
func AppendEvent(b []byte, e Event) []byte {
	b = binary.LittleEndian.AppendUint64(b, uint64(e.Time/time.Second))
	b = binary.LittleEndian.AppendUint64(b, uint64(e.Time%time.Second/time.Microsecond))
	b = binary.LittleEndian.AppendUint16(b, e.Type)
	b = binary.LittleEndian.AppendUint16(b, e.Code)
	return binary.LittleEndian.AppendUint32(b, uint32(e.Value))
}
