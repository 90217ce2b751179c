// Package e2e runs the real binaries under a virtual X display (Xvfb with the openbox window
// manager) and drives them with xdotool and wmctrl, as a person at the kiosk would. The
// tests carry the build tag "e2e" and run with `make e2e` (part of `make test`).
package e2e
