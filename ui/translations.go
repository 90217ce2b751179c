package ui

import (
	"fmt"
	"os"
	"strings"

	"fyne.io/fyne/v2/lang"

	"github.com/enrolkiosk/enrolkiosk/assets"
)

// LoadTranslations registers the embedded English and Spanish translations. A non-empty
// language ("en", "es") overrides the system locale; call it once, before building windows.
func LoadTranslations(language string) error {
	if language == "" && !hasLocale() {
		language = "en" // "C" or "POSIX": no language chosen, and not a tag the matcher parses
	}
	if language != "" {
		// The locale library reads LANGUAGE first; setting it here, before the localizer
		// is built, is how Fyne lets an app choose its own language.
		if err := os.Setenv("LANGUAGE", language); err != nil {
			return fmt.Errorf("choose language %q: %w", language, err)
		}
	}
	if err := lang.AddTranslationsFS(assets.Translations, "translations"); err != nil {
		return fmt.Errorf("load embedded translations: %w", err)
	}
	return nil
}

// hasLocale reports whether the environment names a real locale, as the locale library
// reads it (LANGUAGE, LC_ALL, LC_MESSAGES, LANG in that order).
func hasLocale() bool {
	for _, k := range []string{"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(k)
		if v == "" {
			continue
		}
		v = strings.SplitN(v, ".", 2)[0]
		return v != "C" && v != "POSIX"
	}
	return false
}
