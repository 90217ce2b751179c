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

// queueRow is the widgets of one visible row of the queue screen, rebound to another
// enrolment as the list scrolls. The row says the state in plain words with its colour
// and one sentence of detail; the technical text sits behind its Details link.
type queueRow struct {
	s                                      *queueSection
	id                                     string
	sending                                bool // the entry shown is being sent (progress may show)
	step                                   int  // the entry's step (0-based) and its name, as the store says
	stepName                               string
	title, state, detail                   *widget.Label
	bar                                    *widget.ProgressBar
	retry, hold, release, reconcile, amend *widget.Button
	evidOp, details                        *widget.Button
	look                                   rowLook         // what the row shows now
	head                                   *fyne.Container // the title, the progress and the state
	actions                                *fyne.Container // the buttons that fit the state
	object                                 fyne.CanvasObject
}

func newQueueRow(s *queueSection) *queueRow {
	r := &queueRow{s: s, title: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		state: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), detail: widget.NewLabel(""), bar: widget.NewProgressBar()}
	r.detail.Truncation = fyne.TextTruncateEllipsis
	r.retry = widget.NewButtonWithIcon(lang.L("Retry"), theme.ViewRefreshIcon(), func() { s.act(r.id, actionRetry, s.deps.Store.Retry) })
	r.hold = widget.NewButtonWithIcon(lang.L("Hold"), theme.MediaPauseIcon(), func() { s.act(r.id, actionHold, s.deps.Store.Hold) })
	r.release = widget.NewButtonWithIcon(lang.L("Release"), theme.MediaPlayIcon(), func() { s.act(r.id, actionRelease, s.deps.Store.Release) })
	r.reconcile = widget.NewButtonWithIcon(lang.L("Reconcile…"), theme.WarningIcon(), func() { s.askReconcile(r.id) })
	r.reconcile.Importance = widget.WarningImportance
	r.amend = widget.NewButtonWithIcon(lang.L("Amend…"), theme.DocumentCreateIcon(), func() { s.askAmend(r.id) })
	r.evidOp = widget.NewButtonWithIcon(lang.L("Open evidence"), theme.VisibilityIcon(), func() { s.openEvidence(r.id) })
	r.details = widget.NewButtonWithIcon(lang.L("Details"), theme.InfoIcon(), func() { s.openDetails(r.id) })
	r.details.Importance = widget.LowImportance
	r.actions = container.NewHBox(r.retry, r.hold, r.release, r.reconcile, r.amend, r.evidOp, r.details)
	r.head = container.NewBorder(nil, nil, r.title, r.state, r.bar)
	r.object = container.NewVBox(r.head, r.detail, r.actions, widget.NewSeparator())
	return r
}

// rowLook is what a row shows of its entry, to leave a row alone when a frame brings it
// nothing new (the labels and the layout are costly to redo).
type rowLook struct {
	title, label, detail string
	role                 fyne.ThemeColorName
	buttons              [5]bool // retry, amend, hold, release, reconcile
}

// set shows e (with the last progress event of its upload, if any, and the reason its
// profile is paused, if it is), changing only what differs from what the row shows.
func (r *queueRow) set(e store.Entry, p ksync.Event, paused string) {
	title := e.ShortID() + " · " + e.Sealed.Local().Format("2006-01-02 15:04")
	if e.EvidenceBytes > 0 {
		title += " · " + sizeText(e.EvidenceBytes)
	}
	// In plain words, with the colour of what it means (ui/queuestate.go).
	st := describeEntry(e, time.Now(), r.s.deps.Sync != nil && r.s.deps.Sync.Paused(), paused)
	fresh := e.State == store.Rejected && e.AmendedBy == ""
	look := rowLook{title: title, label: st.Label, detail: st.Detail, role: st.Role, buttons: [5]bool{
		fresh || (e.State.Pending() && e.Attempts > 0), fresh, e.State.Pending() || fresh, e.State == store.Held, e.State == store.Reconcile}}
	uploading := e.State == store.Sending && p.Enrolment == e.ID
	r.sending = e.State == store.Sending
	r.step, r.stepName = e.Step, e.StepName
	if r.id == e.ID && r.look == look && !uploading && !r.bar.Visible() {
		return
	}
	r.id, r.look = e.ID, look
	r.title.SetText(title)
	r.state.Importance = roleImportance(st.Role)
	r.state.SetText(st.Label)
	r.detail.SetText(st.Detail)
	r.bar.Hide()
	for i, b := range []*widget.Button{r.retry, r.amend, r.hold, r.release, r.reconcile} {
		show(b, look.buttons[i])
	}
	if uploading {
		r.showProgress(p)
	}
	// Lay the title, the state and the buttons out again for their new widths. Only the
	// positions and sizes: a Refresh would redraw every button (their icons decoded again).
	relayout(r.head)
	relayout(r.actions)
}

// showProgress shows how much of the current upload has gone out.
func (r *queueRow) showProgress(e ksync.Event) {
	if e.Total <= 0 {
		return
	}
	r.bar.SetValue(float64(e.Sent) / float64(e.Total))
	r.bar.Show()
	n := e.StepIndex
	if n == 0 && e.Step == r.stepName {
		n = r.step // the worker's progress events name their step but do not number it
	}
	r.detail.SetText(lang.L("Step {{.N}}: {{.Name}}", map[string]any{"N": n + 1, "Name": e.Step}) +
		" · " + sizeText(e.Sent) + " / " + sizeText(e.Total))
}

// relayout places c's objects again for their current minimum sizes, without redrawing them.
func relayout(c *fyne.Container) {
	if c.Layout != nil {
		c.Layout.Layout(c.Objects, c.Size())
	}
}

func show(o fyne.CanvasObject, on bool) {
	if on {
		o.Show()
	} else {
		o.Hide()
	}
}
