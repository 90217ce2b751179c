// Package ui holds the kiosk's screens: the shell with its Enrol, Queue and Settings sections,
// the status bar, the theme and the translations. Logic lives in other packages; this one
// only shows it. Updates that come from goroutines reach widgets through fyne.Do.
package ui
