// Package e2e runs the real binaries under a virtual X display (Xvfb with the openbox window
// manager) and drives them with xdotool and wmctrl, as a person at the kiosk would. The
// tests carry the build tag "e2e" and run with `make e2e` (part of `make test`). The app
// runs with its UI probe on (ui.ProbeEnv): the tests read from it what is on screen and
// where, click widgets by their text and wait for each step to be drawn, never for a fixed
// time.
package e2e
