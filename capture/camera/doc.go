// Package camera opens cameras and delivers their frames: real cameras through
// pion/mediadevices (listed and remembered by label, since device ids change on every
// run), the mediadevices "videotest" pattern, and a file-backed camera (a folder of
// images or a single image) for demo mode and tests.
//
// A Camera runs one goroutine that reads the device and fans each frame out to its
// subscribers. A subscriber that falls behind loses its oldest frames rather than
// stalling the camera or the other subscribers, so a busy UI never delays a recording.
// When the device fails (unplugged mid-preview), every subscription ends and Err says
// why; frames already delivered stay with their receivers.
//
// mediadevices drivers register themselves in a process-wide table when imported. This
// package is the only place that imports them, and it keeps no state of its own beyond
// each Camera value.
package camera
