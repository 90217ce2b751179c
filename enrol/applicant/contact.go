package applicant

import (
	"errors"
	"net/mail"
	"regexp"
	"strings"
	"unicode"
)

// Sentinel errors of CheckEmail and CheckMobile; their texts are translation keys.
var (
	// ErrEmail means the text is not a plain e-mail address.
	ErrEmail = errors.New("Enter an e-mail address such as name@example.com")
	// ErrMobileFormat means the number is not in E.164 form.
	ErrMobileFormat = errors.New("Enter the mobile number in international form: + country code and number, digits only (+593991234567)")
	// ErrMobileEC means an Ecuadorian number is not a mobile one (+593 9 and 8 digits).
	ErrMobileEC = errors.New("An Ecuadorian mobile number is +593 9 followed by 8 digits")
	// ErrMobileMX means a Mexican number does not have 10 digits after +52.
	ErrMobileMX = errors.New("A Mexican mobile number is +52 followed by 10 digits")
)

var e164 = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)

// CheckEmail accepts a bare address (no display name) whose domain has a dot.
func CheckEmail(s string) error {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return ErrEmail
	}
	at := strings.LastIndexByte(s, '@')
	domain := s[at+1:]
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") {
		return ErrEmail
	}
	return nil
}

// CheckMobile accepts an E.164 number and, for Ecuador (+593) and Mexico (+52), the
// length and prefix of a mobile number there.
func CheckMobile(s string) error {
	if !e164.MatchString(s) {
		return ErrMobileFormat
	}
	switch {
	case strings.HasPrefix(s, "+593"):
		if len(s) != 13 || s[4] != '9' {
			return ErrMobileEC
		}
	case strings.HasPrefix(s, "+52"):
		if len(s) != 13 {
			return ErrMobileMX
		}
	}
	return nil
}

// NormalizeMobile removes the spaces (any white space), dashes, dots and parentheses people type in phone
// numbers, keeping the leading +.
func NormalizeMobile(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '-', '.', '(', ')':
			return -1
		}
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}
