package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// pausedChip is the status bar's "Sending paused" chip: a warning-coloured pill with a
// pause icon in the colour drawn on warnings, hidden while the sync worker sends.
func pausedChip() fyne.CanvasObject {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameWarning))
	bg.CornerRadius = 12
	text := canvas.NewText(lang.L("Sending paused"), theme.Color(theme.ColorNameForegroundOnWarning))
	text.TextStyle.Bold = true
	icon := widget.NewIcon(theme.NewColoredResource(theme.MediaPauseIcon(), theme.ColorNameForegroundOnWarning))
	chip := container.NewStack(bg, container.NewPadded(container.NewHBox(icon, container.NewCenter(text))))
	chip.Hide()
	return chip
}

// SetPaused shows the "Sending paused" chip while the sync worker is paused.
func (b *StatusBar) SetPaused(paused bool) { show(b.paused, paused) }
