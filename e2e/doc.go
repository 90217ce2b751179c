// Package e2e runs the real binaries under a virtual X display (Xvfb with the openbox window
// manager) and drives them with xdotool and wmctrl, as a person at the kiosk would. The
// tests carry the build tag "e2e" and run with `make e2e` (part of `make test`). The app
// runs with its UI probe on (ui.ProbeEnv): the tests read from it what is on screen and
// where, click widgets by their text and wait for each step to be drawn, never for a fixed
// time. The helpers take the app's English texts and find them in the language the app
// runs in (words). TestScreenshots runs only under `make screenshot` (SCREENSHOT_DIR set):
// it walks one enrolment per language, English and Spanish, and writes the README's
// screens.
package e2e
