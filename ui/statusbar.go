package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/data/binding"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/internal/status"
)

// StatusBar shows, on every screen, whether the backend answers, the queue depth, the last
// successful sync and the next retry. Its values are bindings set from the UI goroutine.
type StatusBar struct {
	backend, queue, lastSync, nextRetry binding.String
	paused                              *widget.Label
	online                              binding.Bool
	icon                                *widget.Icon
	object                              fyne.CanvasObject
}

// NewStatusBar builds the bar in its initial "checking" state.
func NewStatusBar(demo bool) *StatusBar {
	b := &StatusBar{
		backend: binding.NewString(), queue: binding.NewString(),
		lastSync: binding.NewString(), nextRetry: binding.NewString(),
		online: binding.NewBool(),
		icon:   widget.NewIcon(theme.ViewRefreshIcon()),
		paused: widget.NewLabel(""),
	}
	b.paused.Importance = widget.WarningImportance
	b.paused.Truncation = fyne.TextTruncateEllipsis
	b.paused.Hide()
	b.backend.Set(lang.L("Checking backend…"))
	b.queue.Set(lang.L("Queue: {{.Count}}", map[string]any{"Count": "…"}))
	b.lastSync.Set(lang.L("Last sync: never"))
	items := []fyne.CanvasObject{
		b.icon, widget.NewLabelWithData(b.backend), widget.NewSeparator(),
		widget.NewLabelWithData(b.queue), widget.NewSeparator(),
		widget.NewLabelWithData(b.lastSync), widget.NewLabelWithData(b.nextRetry),
	}
	if demo {
		items = append(items, widget.NewSeparator(), widget.NewLabelWithStyle(lang.L("Demo mode"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	}
	b.object = container.NewBorder(nil, nil, container.NewHBox(items...), nil, b.paused)
	return b
}

// ShowPause shows why sending is paused (the backend refused the credentials), or hides
// the line for "". Call it on the UI goroutine.
func (b *StatusBar) ShowPause(text string) {
	b.paused.SetText(text)
	show(b.paused, text != "")
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
		b.nextRetry.Set(lang.L("Next retry: {{.When}}", map[string]any{"When": s.NextRetry.Local().Format(time.TimeOnly)}))
	}
}

// Bridge subscribes fn to a monitor's snapshots and runs it on the UI goroutine.
func Bridge(m *status.Monitor, fn func(status.Snapshot)) {
	m.Subscribe(func(s status.Snapshot) { fyne.Do(func() { fn(s) }) })
}
