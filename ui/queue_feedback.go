package ui

import (
	"time"

	"fyne.io/fyne/v2/lang"
)

// The queue actions whose outcome the screen confirms.
const (
	actionRetry     = "retry"
	actionHold      = "hold"
	actionRelease   = "release"
	actionAmend     = "amend"
	actionReconcile = "reconcile"
)

// actionDone words what an operator's action on the enrolment shortID did.
func actionDone(shortID, action string) string {
	switch action {
	case actionRetry:
		return lang.L("{{.ID}}: sending again now.", map[string]any{"ID": shortID})
	case actionHold:
		return lang.L("{{.ID}} is on hold: nothing is sent until you release it.", map[string]any{"ID": shortID})
	case actionRelease:
		return lang.L("{{.ID}} is released: sending again now.", map[string]any{"ID": shortID})
	case actionAmend:
		return lang.L("{{.ID}} is corrected: the new version is sealed and queued.", map[string]any{"ID": shortID})
	case actionReconcile:
		return lang.L("{{.ID}} is reconciled: sending goes on.", map[string]any{"ID": shortID})
	}
	return ""
}

// syncNow wakes the sync worker and says so, or says why nothing will be sent.
func (s *queueSection) syncNow() {
	if s.deps.Sync.Paused() {
		s.notice.SetText(lang.L("Sending is paused: press Resume sending first."))
		return
	}
	s.deps.Sync.SyncNow()
	s.notice.SetText(lang.L("Sync started at {{.When}}: the queue below shows each enrolment's progress.",
		map[string]any{"When": time.Now().Format("15:04")}))
	s.reload()
}
