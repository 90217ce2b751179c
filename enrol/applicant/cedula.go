package applicant

import "errors"

// Sentinel errors of CheckCedula; their texts are translation keys.
var (
	// ErrCedulaLength means the number does not have 10 digits.
	ErrCedulaLength = errors.New("A cédula has 10 digits")
	// ErrCedulaProvince means the first two digits are not a province code (01-24, or 30).
	ErrCedulaProvince = errors.New("The cédula's first two digits must be a province code (01 to 24, or 30)")
	// ErrCedulaThird means the third digit is not 0-5, the range of natural persons.
	ErrCedulaThird = errors.New("The cédula's third digit must be 0 to 5")
	// ErrCedulaCheck means the check digit does not match: usually a typing error.
	ErrCedulaCheck = errors.New("The cédula's check digit does not match: check the number for a typing error")
)

// CheckCedula validates an Ecuadorian cédula: 10 digits, a province code, a third digit
// of a natural person and the modulo-10 check digit (coefficients 2,1,2,1,...).
func CheckCedula(c string) error {
	if len(c) != 10 || !allDigits(c) {
		return ErrCedulaLength
	}
	province := int(c[0]-'0')*10 + int(c[1]-'0')
	if (province < 1 || province > 24) && province != 30 {
		return ErrCedulaProvince
	}
	if c[2] > '5' {
		return ErrCedulaThird
	}
	sum := 0
	for i := range 9 {
		d := int(c[i]-'0') * (2 - i%2)
		if d > 9 {
			d -= 9
		}
		sum += d
	}
	if want := (10 - sum%10) % 10; int(c[9]-'0') != want {
		return ErrCedulaCheck
	}
	return nil
}

func allDigits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
