//go:build windows_e2e

// Package windows runs the Windows build of the three programs under Wine, from Linux:
// enrolctl's commands against sandbox.exe on loopback, the kiosk's window under Xvfb,
// the Windows unit tests of the packages with Windows code, and a test signature of the
// kiosk. The tests carry the build tag "windows_e2e" and run with `make test-windows`,
// which cross-builds the programs first (WINDOWS_BIN names their folder).
package windows
