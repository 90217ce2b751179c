package ui

import "fyne.io/fyne/v2"

// KeepInFront raises w again whenever it loses the foreground: in kiosk mode nothing else
// may cover the kiosk (a window manager's desktop switch, Alt+Tab, a window menu), least of
// all while the customer has the pad or the hand-back screen. Call it once, in kiosk mode.
func (s *Shell) KeepInFront(l fyne.Lifecycle, w fyne.Window) {
	l.SetOnExitedForeground(func() {
		s.deps.logger().Info("the kiosk window lost the foreground; raising it", "customer_screen", s.CustomerHasScreen())
		w.Show()
		w.RequestFocus()
	})
}

// CustomerHasScreen reports whether the customer's screens are up (the pad or the
// hand-back screen): the operator's sections are out of reach until their password.
func (s *Shell) CustomerHasScreen() bool {
	return (s.wizard != nil && s.wizard.Signing()) || s.queue.customerHasScreen()
}
