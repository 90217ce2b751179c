package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// kioskTheme enlarges text, padding and controls so that every target is comfortable to
// touch, and uses the product's blue as its primary colour.
type kioskTheme struct{ fyne.Theme }

var _ fyne.Theme = (*kioskTheme)(nil)

// NewTheme returns the kiosk theme built on Fyne's default.
func NewTheme() fyne.Theme { return &kioskTheme{Theme: theme.DefaultTheme()} }

// primary is the product's blue, shared with the icon.
var primary = color.NRGBA{R: 0x0b, G: 0x5c, B: 0xad, A: 0xff}

// Color implements fyne.Theme.
func (t *kioskTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNamePrimary {
		return primary
	}
	return t.Theme.Color(n, v)
}

// Size implements fyne.Theme.
func (t *kioskTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText:
		return 16
	case theme.SizeNameHeadingText:
		return 26
	case theme.SizeNameSubHeadingText:
		return 20
	case theme.SizeNamePadding:
		return 6
	case theme.SizeNameInnerPadding:
		return 12
	case theme.SizeNameInlineIcon:
		return 24
	}
	return t.Theme.Size(n)
}
