// Package assets embeds the files the app ships with: the icon and the translations.
package assets

import (
	"embed"
	_ "embed"
)

// Icon is the application icon (PNG, 512x512), also used by `fyne package`.
//
//go:embed icon.png
var Icon []byte

// Translations holds translations/<lang>.json for fyne.io/fyne/v2/lang.
//
//go:embed translations/*.json
var Translations embed.FS
