package ui

import (
	"image/color"
	"strings"

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

// colorNameFocusRing is the colour of the ring drawn around the focused control.
const colorNameFocusRing fyne.ThemeColorName = "focusRing"

// lightColors and darkColors replace Fyne's colours where they fall short of the kiosk's
// contrast targets (text 4.5:1, borders and the focus ring 3:1; TestThemeContrast). On the
// dark variant the primary is a lighter blue with dark text on it.
var (
	lightColors = map[fyne.ThemeColorName]color.Color{
		theme.ColorNamePrimary:             primary,
		theme.ColorNameHyperlink:           primary,
		theme.ColorNamePlaceHolder:         grey(0x6b),
		theme.ColorNameDisabled:            grey(0x6b),
		theme.ColorNameInputBorder:         grey(0x76),
		theme.ColorNameError:               color.NRGBA{R: 0xc6, G: 0x28, B: 0x28, A: 0xff},
		theme.ColorNameSuccess:             color.NRGBA{R: 0x2e, G: 0x7d, B: 0x32, A: 0xff},
		theme.ColorNameWarning:             color.NRGBA{R: 0xb4, G: 0x53, B: 0x09, A: 0xff},
		theme.ColorNameForegroundOnPrimary: color.White,
		theme.ColorNameForegroundOnError:   color.White,
		theme.ColorNameForegroundOnSuccess: color.White,
		theme.ColorNameForegroundOnWarning: color.White,
		colorNameFocusRing:                 grey(0x1a),
	}
	darkColors = map[fyne.ThemeColorName]color.Color{
		theme.ColorNamePrimary:             primaryOnDark,
		theme.ColorNameHyperlink:           primaryOnDark,
		theme.ColorNameDisabled:            grey(0x9e),
		theme.ColorNameInputBorder:         grey(0x8a),
		theme.ColorNameForegroundOnPrimary: grey(0x0a),
		colorNameFocusRing:                 color.NRGBA{R: 0xff, G: 0xd5, B: 0x4f, A: 0xff},
	}
)

// primaryOnDark is the product's blue lightened for text and buttons on a dark background.
var primaryOnDark = color.NRGBA{R: 0x6c, G: 0xb2, B: 0xf2, A: 0xff}

func grey(y uint8) color.Color { return color.NRGBA{R: y, G: y, B: y, A: 0xff} }

// Color implements fyne.Theme.
func (t *kioskTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	colors := darkColors
	if v == theme.VariantLight {
		colors = lightColors
	}
	if c, ok := colors[n]; ok {
		return c
	}
	if n == colorNameFocusRing {
		return t.Theme.Color(theme.ColorNameForeground, v)
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
	case theme.SizeNameCaptionText:
		return 14
	case theme.SizeNamePadding:
		return 6
	case theme.SizeNameInnerPadding:
		return 12
	case theme.SizeNameInlineIcon:
		return 24
	}
	return t.Theme.Size(n)
}

// checkIcons are the check box's pictures: Fyne draws an 18 px box inside a 24 px icon;
// the kiosk's fill the icon, so a check box is 24 px at the 24 px inline icon size.
var checkIcons = map[fyne.ThemeIconName]bool{
	theme.IconNameCheckButton: true, theme.IconNameCheckButtonChecked: true,
	theme.IconNameCheckButtonFill: true, theme.IconNameCheckButtonPartial: true,
}

// Icon implements fyne.Theme.
func (t *kioskTheme) Icon(n fyne.ThemeIconName) fyne.Resource {
	res := t.Theme.Icon(n)
	if !checkIcons[n] || res == nil {
		return res
	}
	svg := strings.Replace(string(res.Content()), `viewBox="0 0 24 24"`, `viewBox="3 3 18 18"`, 1)
	return fyne.NewStaticResource("kiosk-"+res.Name(), []byte(svg))
}
