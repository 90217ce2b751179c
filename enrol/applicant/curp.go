package applicant

import (
	"errors"
	"regexp"
	"strings"
)

// Sentinel errors of CheckCURP; their texts are translation keys.
var (
	// ErrCURPFormat means the text is not 18 characters in the CURP's layout.
	ErrCURPFormat = errors.New("A CURP has 18 characters: 4 letters, the birth date YYMMDD, H, M or X, a state code, 3 consonants and 2 check characters")
	// ErrCURPCheck means the last digit does not match: usually a typing error.
	ErrCURPCheck = errors.New("The CURP's check digit does not match: check it for a typing error")
)

// curpPattern is RENAPO's layout: 4 letters, birth date YYMMDD, sex H/M/X, a state code
// (NE: born abroad), 3 internal consonants, the homonym character and the check digit.
var curpPattern = regexp.MustCompile(`^[A-Z][AEIOUX][A-Z]{2}[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[HMX]` +
	`(AS|BC|BS|CC|CL|CM|CS|CH|DF|DG|GT|GR|HG|JC|MC|MN|MS|NT|NL|OC|PL|QT|QR|SP|SL|SR|TC|TS|TL|VZ|YN|ZS|NE)` +
	`[B-DF-HJ-NP-TV-Z]{3}[A-Z0-9][0-9]$`)

// curpAlphabet gives each character its value for the check digit: its position, Ñ
// included (so O is worth 25, not 24).
var curpAlphabet = []rune("0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ")

// CheckCURP validates a Mexican CURP (upper case): its layout and its check digit.
func CheckCURP(c string) error {
	if !curpPattern.MatchString(c) {
		return ErrCURPFormat
	}
	if c[17] != curpCheckDigit(c[:17]) {
		return ErrCURPCheck
	}
	return nil
}

// curpCheckDigit computes the check digit of the first 17 characters of a CURP.
func curpCheckDigit(head string) byte {
	sum := 0
	for i, ch := range []rune(head) {
		v := 0
		for j, a := range curpAlphabet {
			if a == ch {
				v = j
				break
			}
		}
		sum += v * (18 - i)
	}
	return byte('0' + (10-sum%10)%10)
}

// NormalizeCURP upper-cases c and removes spaces, as operators often type it.
func NormalizeCURP(c string) string {
	return strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(c), " ", ""))
}
