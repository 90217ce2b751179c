package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/store"
	ksync "github.com/enrolkiosk/enrolkiosk/sync"
)

// queueRow is one enrolment in the queue screen.
type queueRow struct {
	s                            *queueSection
	id                           string
	title, state, detail         *widget.Label
	tech                         *widget.Label  // the raw error or reason, behind Details
	details                      *widget.Button // shows or hides tech
	bar                          *widget.ProgressBar
	retry, hold, release, evidOp *widget.Button
	object                       fyne.CanvasObject
}

func newQueueRow(s *queueSection) *queueRow {
	r := &queueRow{s: s, title: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		state: widget.NewLabel(""), detail: wrapped(""), bar: widget.NewProgressBar()}
	r.retry = widget.NewButtonWithIcon(lang.L("Retry"), theme.ViewRefreshIcon(), func() { s.act(r.id, actionRetry, s.deps.Store.Retry) })
	r.hold = widget.NewButtonWithIcon(lang.L("Hold"), theme.MediaPauseIcon(), func() { s.act(r.id, actionHold, s.deps.Store.Hold) })
	r.release = widget.NewButtonWithIcon(lang.L("Release"), theme.MediaPlayIcon(), func() { s.act(r.id, actionRelease, s.deps.Store.Release) })
	r.evidOp = widget.NewButtonWithIcon(lang.L("Open evidence"), theme.VisibilityIcon(), func() { s.openEvidence(r.id) })
	r.tech = wrapped("")
	r.tech.TextStyle.Monospace = true
	r.tech.Hide()
	r.details = widget.NewButton(lang.L("Details"), func() { show(r.tech, !r.tech.Visible()) })
	r.details.Importance = widget.LowImportance
	actions := container.NewHBox(r.retry, r.hold, r.release, r.evidOp, r.details)
	r.object = widget.NewCard("", "", container.NewVBox(
		container.NewBorder(nil, nil, r.title, r.state), r.detail, r.tech, r.bar, actions))
	return r
}

// set shows e (and the last progress event of its upload, if any).
func (r *queueRow) set(e store.Entry, p ksync.Event) {
	r.id = e.ID
	r.title.SetText(e.ShortID() + " · " + e.Sealed.Local().Format("2006-01-02 15:04") + " · " + sizeText(e.EvidenceBytes))
	st := describeEntry(e, time.Now(), r.s.deps.Sync != nil && r.s.deps.Sync.Paused())
	r.state.SetText(st.Label)
	r.state.Importance = roleImportance(st.Role)
	r.state.TextStyle.Bold = true
	r.state.Refresh()
	r.detail.SetText(st.Detail)
	r.tech.SetText(st.Technical)
	show(r.details, st.Technical != "")
	if st.Technical == "" {
		r.tech.Hide()
	}
	if d := r.detail.Text; d == "" {
		r.detail.Hide()
	} else {
		r.detail.Show()
	}
	r.bar.Hide()
	if e.State == store.Sending && p.Enrolment == e.ID {
		r.showProgress(p)
	}
	show(r.retry, e.State == store.Rejected || (e.State.Pending() && e.Attempts > 0))
	show(r.hold, e.State.Pending() || e.State == store.Rejected)
	show(r.release, e.State == store.Held)
}

// showProgress shows how much of the current upload has gone out.
func (r *queueRow) showProgress(e ksync.Event) {
	if e.Total <= 0 {
		return
	}
	r.bar.SetValue(float64(e.Sent) / float64(e.Total))
	r.bar.Show()
	r.detail.SetText(lang.L("Step {{.N}}: {{.Name}}", map[string]any{"N": e.StepIndex + 1, "Name": e.Step}) +
		" · " + sizeText(e.Sent) + " / " + sizeText(e.Total))
	r.detail.Show()
}

func show(o fyne.CanvasObject, on bool) {
	if on {
		o.Show()
	} else {
		o.Hide()
	}
}

// roleImportance is the label importance drawn in a state's colour role.
func roleImportance(role fyne.ThemeColorName) widget.Importance {
	switch role {
	case theme.ColorNameSuccess:
		return widget.SuccessImportance
	case theme.ColorNameError:
		return widget.DangerImportance
	case theme.ColorNameWarning:
		return widget.WarningImportance
	case theme.ColorNamePrimary:
		return widget.HighImportance
	}
	return widget.MediumImportance
}
