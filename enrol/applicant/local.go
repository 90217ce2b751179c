package applicant

import (
	"strings"
	"time"

	"github.com/enrolkiosk/enrolkiosk/store"
)

// dialCodes are the international prefixes of the countries whose local mobile formats
// are converted.
var dialCodes = map[string]string{"EC": "593", "MX": "52"}

// LocalMobile converts a mobile number typed in the local form of country (ISO 3166
// alpha-2) to E.164: for Ecuador 0991234567 and 991234567 become +593991234567, for Mexico
// ten digits get +52; 00 before a country code becomes +, and a country code typed
// without + gets it. Separators are removed first (NormalizeMobile). Anything else is
// returned unchanged for CheckMobile to judge.
func LocalMobile(s, country string) string {
	s = NormalizeMobile(s)
	if s == "" || strings.HasPrefix(s, "+") || !allDigits(s) {
		return s
	}
	if rest, ok := strings.CutPrefix(s, "00"); ok && len(rest) >= 7 {
		return "+" + rest
	}
	code := dialCodes[strings.ToUpper(strings.TrimSpace(country))]
	switch code {
	case "593":
		switch {
		case len(s) == 10 && strings.HasPrefix(s, "09"):
			return "+593" + s[1:]
		case len(s) == 9 && s[0] == '9':
			return "+593" + s
		case len(s) == 12 && strings.HasPrefix(s, "593"):
			return "+" + s
		}
	case "52":
		switch {
		case len(s) == 10:
			return "+52" + s
		case len(s) == 12 && strings.HasPrefix(s, "52"):
			return "+" + s
		}
	}
	return s
}

// dayFirst are the day-first layouts people in Ecuador and Mexico write dates in, and the
// year-first ones with other separators.
var dayFirst = []string{"2/1/2006", "2-1-2006", "2.1.2006", "2006/1/2", "2006.1.2", "2006-1-2"}

// LocalDate converts a date written day first (17/05/1990, 17-05-1990, 17.05.1990) or year
// first with other separators (1990/05/17) to YYYY-MM-DD. Text that is not a real date in
// one of those forms is returned trimmed and otherwise unchanged, for Validate to judge.
func LocalDate(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	for _, layout := range dayFirst {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format(time.DateOnly)
		}
	}
	return s
}

// contactCountry is the country whose local formats an applicant's phone number is read
// in: where they live, else their nationality, else their document's country.
func contactCountry(a store.Applicant) string {
	for _, c := range []string{a.Residence, a.Nationality, a.IDDocumentCountry} {
		if c = strings.TrimSpace(c); c != "" {
			return c
		}
	}
	return ""
}

// DefaultCountry is the country a branch of profile serves and its forms start with:
// Mexico for the People API, Ecuador otherwise.
func DefaultCountry(profile string) string {
	if profile == "people" {
		return "MX"
	}
	return "EC"
}
