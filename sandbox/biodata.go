package sandbox

import (
	"errors"
	"fmt"

	"github.com/enrolkiosk/enrolkiosk/capture/signature/biodata"
)

// checkBiometricData accepts what the agent sends as biometric_data (decoded from base64):
// the JSON envelope or a bare ISO/IEC 19794-7 record, both fully decoded by the capture
// codec, or an age-encrypted payload, which is opaque to the backend (size check only).
func checkBiometricData(field string, b []byte) (kind string, err error) {
	env, err := biodata.Parse(b)
	switch {
	case errors.Is(err, biodata.ErrEncrypted):
		return "age", nil
	case err != nil:
		return "", fieldErr(field, fmt.Errorf("%w (%v)", ErrBiometric, err))
	case env.DocumentSHA256 == "":
		return "iso19794-7", nil
	}
	return "envelope", nil
}
