// Package lockdown keeps the signer on the signer's screen: while it is held, the window
// is full screen and, under X11, grabs the keyboard and the pointer on its own X
// connection (owner events on, so the app still gets every key and click), so that the
// window manager sees no Alt+Tab, Alt+F4, Super or click outside. Window-close requests
// are refused by the shell's close intercept while the signer's screen is up. Under
// Wayland and elsewhere only the full screen applies: run the kiosk in cage (see
// docs/kiosk.md) so there is nothing to switch to.
package lockdown
