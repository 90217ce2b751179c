package ui

import (
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/enrolkiosk/enrolkiosk/fleet"
)

// freezeText returns what the status bar says about the fleet's freeze rules (short) and
// the message above the wizard (long: why, and what to do); both empty when enrolling is
// unrestricted.
func freezeText(v fleet.Verdict) (short, long string) {
	data := map[string]any{"Pending": v.Pending, "Max": v.MaxPending, "Days": days(v.Stale), "MaxDays": days(v.FreezeAfter)}
	switch {
	case v.Level == fleet.Warning && v.Cause == fleet.CausePending:
		return lang.L("Queue almost full"), lang.L("{{.Pending}} enrolments wait to be delivered; at more than {{.Max}} new enrolments are refused. Connect the kiosk to the network and deliver the queue (Queue, Sync now).", data)
	case v.Level == fleet.Warning:
		return lang.L("Delivery overdue"), lang.L("Nothing has been delivered for {{.Days}} days; after {{.MaxDays}} days new enrolments are refused. Connect the kiosk to the network and deliver the queue (Queue, Sync now).", data)
	case v.Level == fleet.Frozen && v.Cause == fleet.CausePending:
		return lang.L("New enrolments refused"), lang.L("New enrolments are refused: {{.Pending}} enrolments wait to be delivered, more than the {{.Max}} allowed. Connect the kiosk to the network and deliver the queue (Queue, Sync now); call support if it does not go down. Sealed enrolments keep being sent.", data)
	case v.Level == fleet.Frozen:
		return lang.L("New enrolments refused"), lang.L("New enrolments are refused: nothing has been delivered for {{.Days}} days (the limit is {{.MaxDays}}). Connect the kiosk to the network and deliver the queue (Queue, Sync now); call support if it does not go. Sealed enrolments keep being sent.", data)
	}
	return "", ""
}

func days(d time.Duration) string { return fmt.Sprintf("%.1f", d.Hours()/24) }

// Fleet shows the freeze rules' verdict on the status bar and above the wizard, and
// refuses new enrolments while it is Frozen. Call it from any goroutine.
func (s *Shell) Fleet(v fleet.Verdict) {
	fyne.Do(func() {
		s.freeze = v
		short, long := freezeText(v)
		s.bar.showFreeze(short, v.Level)
		s.freezeNote.SetText(long)
		if long == "" {
			s.freezeNote.Hide()
		} else {
			s.freezeNote.Show()
		}
	})
}

// mayStart is the wizard's MayStart: a new enrolment is refused while frozen.
func (s *Shell) mayStart() error {
	if s.freeze.Level != fleet.Frozen {
		return nil
	}
	_, long := freezeText(s.freeze)
	return errors.New(long)
}

// EnrolmentInProgress reports whether the wizard holds an enrolment under way (a remote
// configuration waits for it to end). Call it on the UI goroutine.
func (s *Shell) EnrolmentInProgress() bool {
	return s.wizard != nil && s.wizard.InProgress()
}
