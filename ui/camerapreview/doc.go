// Package camerapreview is the live camera preview widget: frames from a camera are
// scaled and converted on their own goroutine and handed to the UI with fyne.Do, one at a
// time; when the UI is behind, frames are dropped rather than queued, so the preview never
// lags or blocks the UI goroutine. It also shows the selfie countdown, a recording
// indicator, and a message when the camera stops.
package camerapreview
