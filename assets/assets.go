// Package assets embeds the files the app ships with: the icon, the translations and the
// terms the customer accepts.
package assets

import (
	"embed"
	_ "embed"
	"fmt"
	"strings"
)

// Icon is the application icon (PNG, 512x512), also used by `fyne package`.
//
//go:embed icon.png
var Icon []byte

// Translations holds translations/<lang>.json for fyne.io/fyne/v2/lang.
//
//go:embed translations/*.json
var Translations embed.FS

//go:embed terms/*.md
var terms embed.FS

// TermsVersion identifies the text of the terms; it is recorded with every acceptance.
// Change it whenever terms/*.md change.
const TermsVersion = "EK-TERMS-2026-12-v2"

// TermsPromiseThirdParty reports whether text tells the customer that their biometric
// data is encrypted so that only a trusted third party can read it (both embedded texts
// do): the kiosk must then have signature.trusted_third_party outside demo mode.
func TermsPromiseThirdParty(text string) bool {
	t := strings.Join(strings.Fields(strings.ToLower(text)), " ")
	return strings.Contains(t, "trusted third party") || strings.Contains(t, "tercero de confianza")
}

// Terms returns the terms in language ("en" or "es"; anything else gets English) as
// Markdown, with TermsVersion.
func Terms(language string) (version, text string, err error) {
	if language != "es" {
		language = "en"
	}
	b, err := terms.ReadFile("terms/" + language + ".md")
	if err != nil {
		return "", "", fmt.Errorf("read the embedded terms: %w", err)
	}
	return TermsVersion + "-" + language, string(b), nil
}
