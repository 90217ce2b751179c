package ui

import (
	"math"
	"time"

	"fyne.io/fyne/v2/lang"
)

// tick runs every second on the UI goroutine: warnBefore the lock it shows "Still
// there?" with the seconds left, and at the limit it locks and says why on the login.
// While the customer has the screen (the pad, the hand-back screen) the limit is longer.
func (s *Shell) tick(now time.Time) {
	if s.operator.ID == "" {
		s.still.hide()
		return
	}
	customer := s.CustomerHasScreen()
	left, on := s.activity.left(now, customer)
	switch {
	case !on:
	case left <= 0:
		s.still.hide()
		limit := s.activity.limit(customer)
		s.deps.logger().Info("inactivity lock", "after", limit, "customer_screen", customer)
		s.Lock()
		s.activity.touch()
		if s.login != nil {
			msg := lang.L("The kiosk locked itself after {{.Minutes}} min without use, to protect the customer's data. The enrolment in progress is saved: log in to resume it.",
				map[string]any{"Minutes": int(math.Round(limit.Minutes()))})
			if s.notice != "" {
				msg += "\n" + s.notice
			}
			s.login.SetNotice(msg)
		}
	case left <= warnBefore:
		s.still.show(left)
	default:
		s.still.hide()
	}
}
