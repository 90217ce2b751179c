package ui

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// contrastPairs are the theme's colour pairs a person must tell apart: text (4.5:1) and
// the borders and focus ring that show where a control is (3:1), in both variants.
var contrastPairs = []struct {
	fg, bg fyne.ThemeColorName
	min    float64
}{
	{theme.ColorNameForeground, theme.ColorNameBackground, 4.5},
	{theme.ColorNameForeground, theme.ColorNameInputBackground, 4.5},
	{theme.ColorNameForeground, theme.ColorNameButton, 4.5},
	{theme.ColorNamePlaceHolder, theme.ColorNameInputBackground, 4.5},
	{theme.ColorNameDisabled, theme.ColorNameBackground, 4.5}, // read-only values in Settings
	{theme.ColorNameDisabled, theme.ColorNameInputBackground, 4.5},
	{theme.ColorNamePrimary, theme.ColorNameBackground, 4.5}, // hints, high-importance labels
	{theme.ColorNameError, theme.ColorNameBackground, 4.5},
	{theme.ColorNameSuccess, theme.ColorNameBackground, 4.5},
	{theme.ColorNameWarning, theme.ColorNameBackground, 4.5},
	{theme.ColorNameHyperlink, theme.ColorNameBackground, 4.5},
	{theme.ColorNameForegroundOnPrimary, theme.ColorNamePrimary, 4.5},
	{theme.ColorNameForegroundOnError, theme.ColorNameError, 4.5},
	{theme.ColorNameForegroundOnSuccess, theme.ColorNameSuccess, 4.5},
	{theme.ColorNameForegroundOnWarning, theme.ColorNameWarning, 4.5},
	{theme.ColorNameInputBorder, theme.ColorNameBackground, 3},
	{theme.ColorNameInputBorder, theme.ColorNameInputBackground, 3},
	// The ring is drawn outside the control, past a gap, so it lies on the background
	// (a blue button included).
	{colorNameFocusRing, theme.ColorNameBackground, 3},
	// The rail: a hovered or focused tab's name on its tint (the selected tab's bar and
	// icon are primary on the background, above).
	{theme.ColorNameForeground, theme.ColorNameHover, 4.5},
}

func TestThemeContrast(t *testing.T) {
	th := NewTheme()
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		for _, p := range contrastPairs {
			fg, bg := th.Color(p.fg, v), th.Color(p.bg, v)
			if r := contrast(fg, over(bg, th.Color(theme.ColorNameBackground, v))); r < p.min {
				t.Errorf("variant %d: %s on %s is %.2f:1, want at least %.1f:1", v, p.fg, p.bg, r, p.min)
			}
		}
	}
}

// over composes c (which may be translucent) over the opaque colour under.
func over(c, under color.Color) color.Color {
	r, g, b, a := c.RGBA()
	ur, ug, ub, _ := under.RGBA()
	k := float64(a) / 0xffff
	mix := func(x, y uint32) uint8 { return uint8((float64(x)*k + float64(y)*(1-k)) / 257) }
	return color.NRGBA{R: mix(r, ur), G: mix(g, ug), B: mix(b, ub), A: 0xff}
}

// contrast is the WCAG 2 contrast ratio of two colours, each composed over the other's
// opaque background first.
func contrast(fg, bg color.Color) float64 {
	fg = over(fg, bg)
	l1, l2 := luminance(fg), luminance(bg)
	if l1 < l2 {
		l1, l2 = l2, l1
	}
	return (l1 + 0.05) / (l2 + 0.05)
}

// luminance is the WCAG relative luminance of an opaque colour.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}
