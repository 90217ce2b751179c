package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/data/binding"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/fleet"
	"github.com/enrolkiosk/enrolkiosk/internal/status"
)

// StatusBar shows, on every screen, whether the backend answers, the queue depth, the last
// successful sync and the next retry. Its values are bindings set from the UI goroutine.
type StatusBar struct {
	backend, queue, lastSync, nextRetry binding.String
	authPause                           *widget.Label // why a profile's sending is paused (refused credentials)
	online                              binding.Bool
	icon                                *widget.Icon
	// freeze says when the fleet's freeze rules warn or refuse new enrolments.
	freeze *widget.Label
	paused fyne.CanvasObject // the "Sending paused" chip
	items  *fyne.Container   // the bar's row, inside object
	object fyne.CanvasObject
}

// NewStatusBar builds the bar in its initial "checking" state.
func NewStatusBar(demo bool) *StatusBar {
	b := &StatusBar{
		backend: binding.NewString(), queue: binding.NewString(),
		lastSync: binding.NewString(), nextRetry: binding.NewString(),
		online:    binding.NewBool(),
		icon:      widget.NewIcon(theme.ViewRefreshIcon()),
		freeze:    widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		authPause: widget.NewLabel(""),
	}
	b.freeze.Hide()
	b.authPause.Importance = widget.WarningImportance
	b.authPause.Truncation = fyne.TextTruncateEllipsis
	b.authPause.Hide()
	b.backend.Set(lang.L("Checking backend…"))
	b.queue.Set(lang.L("Queue: {{.Count}}", map[string]any{"Count": "…"}))
	b.lastSync.Set(lang.L("Last sync: never"))
	b.paused = pausedChip()
	items := []fyne.CanvasObject{
		b.paused, b.icon, widget.NewLabelWithData(b.backend), widget.NewSeparator(),
		widget.NewLabelWithData(b.queue), widget.NewSeparator(),
		widget.NewLabelWithData(b.lastSync), widget.NewLabelWithData(b.nextRetry), b.freeze,
	}
	if demo {
		items = append(items, widget.NewSeparator(), widget.NewLabelWithStyle(lang.L("Demo mode"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	}
	// Scrolled sideways rather than widening the window when a longer text (a retry
	// time, Spanish) does not fit.
	b.items = container.NewHBox(items...)
	b.object = container.NewBorder(nil, nil, nil, b.authPause, container.NewHScroll(b.items))
	return b
}

// Warn adds a lasting warning to the bar, such as an unprotected device key.
func (b *StatusBar) Warn(text string) {
	box := b.items
	box.Add(widget.NewSeparator())
	box.Add(widget.NewIcon(theme.WarningIcon()))
	box.Add(widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
}

// ShowPause shows why sending is paused (the backend refused the credentials), or hides
// the line for "". Call it on the UI goroutine.
func (b *StatusBar) ShowPause(text string) {
	b.authPause.SetText(text)
	show(b.authPause, text != "")
}

// Object returns the bar's canvas object.
func (b *StatusBar) Object() fyne.CanvasObject { return b.object }

// Show displays a snapshot. Call it on the UI goroutine (see Bridge).
func (b *StatusBar) Show(s status.Snapshot) {
	switch {
	case !s.Configured:
		b.backend.Set(lang.L("No backend configured"))
		b.icon.SetResource(theme.WarningIcon())
	case s.Online:
		b.backend.Set(lang.L("Backend online"))
		b.icon.SetResource(theme.ConfirmIcon())
	default:
		b.backend.Set(lang.L("Backend offline"))
		b.icon.SetResource(theme.ErrorIcon())
	}
	b.online.Set(s.Online)
	depth := any("—")
	if s.QueueKnown {
		depth = s.QueueDepth
	}
	b.queue.Set(lang.L("Queue: {{.Count}}", map[string]any{"Count": depth}))
	if s.LastSync.IsZero() {
		b.lastSync.Set(lang.L("Last sync: never"))
	} else {
		b.lastSync.Set(lang.L("Last sync: {{.When}}", map[string]any{"When": s.LastSync.Local().Format("15:04")}))
	}
	if s.NextRetry.IsZero() {
		b.nextRetry.Set("")
	} else {
		b.nextRetry.Set(lang.L("Next retry: {{.When}}", map[string]any{"When": s.NextRetry.Local().Format("15:04")}))
	}
}

// showFreeze shows text about the freeze rules at level (hidden when text is empty).
// Call it on the UI goroutine.
func (b *StatusBar) showFreeze(text string, level fleet.Level) {
	b.freeze.SetText(text)
	b.freeze.Importance = widget.WarningImportance
	if level == fleet.Frozen {
		b.freeze.Importance = widget.DangerImportance
	}
	if text == "" {
		b.freeze.Hide()
	} else {
		b.freeze.Show()
	}
	b.freeze.Refresh()
}

// Bridge subscribes fn to a monitor's snapshots and runs it on the UI goroutine.
func Bridge(m *status.Monitor, fn func(status.Snapshot)) {
	m.Subscribe(func(s status.Snapshot) { fyne.Do(func() { fn(s) }) })
}
