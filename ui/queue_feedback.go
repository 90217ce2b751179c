package ui

import (
	"time"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// The queue actions whose outcome the screen confirms.
const (
	actionRetry     = "retry"
	actionHold      = "hold"
	actionRelease   = "release"
	actionAmend     = "amend"
	actionReconcile = "reconcile"
	actionRetake    = "retake"
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
	case actionRetake:
		return lang.L("{{.ID}} is corrected with the new picture and the customer's new signature: the new version is sealed and queued.", map[string]any{"ID": shortID})
	}
	return ""
}

// actionFailed words why an operator's action on the enrolment shortID failed.
func actionFailed(shortID, action string, err error) string {
	var what string
	switch action {
	case actionRetry:
		what = lang.L("{{.ID}} was not sent again:", map[string]any{"ID": shortID})
	case actionHold:
		what = lang.L("{{.ID}} was not put on hold:", map[string]any{"ID": shortID})
	case actionRelease:
		what = lang.L("{{.ID}} was not released:", map[string]any{"ID": shortID})
	case actionAmend, actionRetake:
		what = lang.L("{{.ID}} was not corrected; nothing was sealed:", map[string]any{"ID": shortID})
	case actionReconcile:
		what = lang.L("{{.ID}} was not reconciled:", map[string]any{"ID": shortID})
	default:
		what = shortID + ":"
	}
	return what + " " + err.Error()
}

// say shows what the operator's last action did (ok) or why it failed, in the colour of
// each, until the next action.
func (s *queueSection) say(text string, ok bool) {
	if ok {
		s.notice.Importance = widget.SuccessImportance
	} else {
		s.notice.Importance = widget.DangerImportance
	}
	s.notice.SetText(text)
	show(s.notice, text != "")
}

// syncNow wakes the sync worker and says so, or says why nothing will be sent.
func (s *queueSection) syncNow() {
	if s.deps.Sync.Paused() {
		s.say(lang.L("Sending is paused: press Resume sending first."), false)
		return
	}
	s.deps.Sync.SyncNow()
	s.say(lang.L("Sync started at {{.When}}: the queue below shows each enrolment's progress.",
		map[string]any{"When": time.Now().Format("15:04")}), true)
	s.reload()
}
