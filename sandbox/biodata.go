package sandbox

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// ISO/IEC 19794-7 general header (what the sandbox checks of a signature record).
const (
	isoFormatID  = "SDI\x00"
	isoHeaderLen = 4 + 4 + 4 + 1 + 1
)

// ageHeaders start an age-encrypted payload (binary and armored), opaque to the sandbox.
var ageHeaders = [][]byte{[]byte("age-encryption.org/v1\n"), []byte("-----BEGIN AGE ENCRYPTED FILE-----")}

// checkBiometricData accepts an age-encrypted payload (opaque: size only) or an ISO/IEC
// 19794-7 record whose header holds: format identifier "SDI\0", a version "0nn\0", a
// record length equal to the bytes present and one signature representation.
func checkBiometricData(field string, b []byte) (kind string, err error) {
	for _, h := range ageHeaders {
		if bytes.HasPrefix(b, h) {
			return "age", nil
		}
	}
	if len(b) < isoHeaderLen {
		return "", fieldErr(field, fmt.Errorf("%w: %d bytes is shorter than the %d-byte header", ErrBiometric, len(b), isoHeaderLen))
	}
	if string(b[:4]) != isoFormatID {
		return "", fieldErr(field, fmt.Errorf("%w: it starts with %q, not the format identifier \"SDI\\0\"", ErrBiometric, b[:4]))
	}
	if v := b[4:8]; v[0] != '0' || v[1] < '0' || v[1] > '9' || v[2] < '0' || v[2] > '9' || v[3] != 0 {
		return "", fieldErr(field, fmt.Errorf("%w: version %q is not like \"010\\0\"", ErrBiometric, v))
	}
	if n := binary.BigEndian.Uint32(b[8:12]); int64(n) != int64(len(b)) {
		return "", fieldErr(field, fmt.Errorf("%w: the header says %d bytes but there are %d (truncated or padded)", ErrBiometric, n, len(b)))
	}
	if b[12] != 1 {
		return "", fieldErr(field, fmt.Errorf("%w: it holds %d signature representations, expected 1", ErrBiometric, b[12]))
	}
	return "iso19794-7", nil
}
