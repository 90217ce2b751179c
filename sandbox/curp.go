package sandbox

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// ErrCURP reports a national_id that is not a well-formed Mexican CURP.
var ErrCURP = errors.New("is not a valid CURP")

// curpPattern: 4 letters, birth date YYMMDD, sex H/M/X, state code, 3 consonants, the
// homonym character and the check digit.
var curpPattern = regexp.MustCompile(`^[A-Z][AEIOUX][A-Z]{2}[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[HMX]` +
	`(AS|BC|BS|CC|CL|CM|CS|CH|DF|DG|GT|GR|HG|JC|MC|MN|MS|NT|NL|OC|PL|QT|QR|SP|SL|SR|TC|TS|TL|VZ|YN|ZS|NE)` +
	`[B-DF-HJ-NP-TV-Z]{3}[A-Z0-9][0-9]$`)

// curpAlphabet gives each character its value for the check digit (RENAPO): its index
// in runes (Ñ is 24, O is 25).
var curpAlphabet = []rune("0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ")

// checkCURP validates the format and the check digit of a CURP.
func checkCURP(c string) error {
	if len(c) != 18 {
		return fmt.Errorf("%w: it has %d characters, a CURP has 18", ErrCURP, len(c))
	}
	if c != strings.ToUpper(c) || !curpPattern.MatchString(c) {
		return fmt.Errorf("%w: expected 4 letters, birth date YYMMDD, H/M/X, a state code, 3 consonants and 2 check characters", ErrCURP)
	}
	sum := 0
	for i, ch := range c[:17] {
		sum += slices.Index(curpAlphabet, ch) * (18 - i)
	}
	if want := byte('0' + (10-sum%10)%10); c[17] != want {
		return fmt.Errorf("%w: check digit is %c, expected %c (typing error?)", ErrCURP, c[17], want)
	}
	return nil
}
