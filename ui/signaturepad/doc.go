// Package signaturepad is the signature pad: a Fyne widget that keeps every pen sample
// at the device's own rate and draws pen-like ink incrementally on a raster, one new
// segment per sample. It takes pointer events (mouse, touch) itself and samples from any
// other Source (an evdev tablet, a Wacom STU pad, a replay), resuming one that stopped
// without losing the strokes; it offers Clear, Undo (the last stroke) and Accept, which
// runs the quality checks of package signature.
//
// Every method must be called on the Fyne UI goroutine; samples from a Source arrive
// there through fyne.Do.
package signaturepad
