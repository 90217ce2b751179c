package mrz

// charValue is a character's value in the check digit sum: digits are themselves,
// A-Z are 10-35 and the filler '<' is 0. ok is false outside the MRZ alphabet.
func charValue(c byte) (v int, ok bool) {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0'), true
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10, true
	case c == '<':
		return 0, true
	}
	return 0, false
}

// CheckDigit returns the ICAO 9303 check digit of s (weights 7, 3, 1 repeated, modulo
// 10) as an ASCII digit. Characters outside the MRZ alphabet count as fillers; Parse
// refuses them before it gets here.
func CheckDigit(s string) byte {
	weights := [3]int{7, 3, 1}
	sum := 0
	for i := 0; i < len(s); i++ {
		v, _ := charValue(s[i])
		sum += v * weights[i%3]
	}
	return byte('0' + sum%10)
}

// validChar reports whether c belongs to the MRZ alphabet.
func validChar(c byte) bool {
	_, ok := charValue(c)
	return ok
}
