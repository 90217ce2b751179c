// Package assets embeds the files the app ships with: the icon, the translations and the
// terms the customer accepts.
package assets

import (
	"embed"
	_ "embed"
	"fmt"
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
