package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/internal/paths"
	"github.com/enrolkiosk/enrolkiosk/internal/status"
)

// enrolSection is the operator's starting point: a readiness check of what an enrolment
// needs (a valid configuration, a data folder with space, the backend) before starting.
type enrolSection struct {
	deps                  Deps
	configRow, backendRow *checkRow
	dataRow               *checkRow
	object                fyne.CanvasObject
}

// checkRow is one line of the readiness list: an icon, a name and a detail.
type checkRow struct {
	icon   *widget.Icon
	detail *widget.Label
	object fyne.CanvasObject
}

func newCheckRow(name string) *checkRow {
	r := &checkRow{icon: widget.NewIcon(theme.ViewRefreshIcon()), detail: wrapped("")}
	label := widget.NewLabelWithStyle(name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	r.object = container.NewBorder(nil, nil, container.NewHBox(r.icon, label), nil, r.detail)
	return r
}

func (r *checkRow) set(ok bool, detail string) {
	if ok {
		r.icon.SetResource(theme.ConfirmIcon())
	} else {
		r.icon.SetResource(theme.ErrorIcon())
	}
	r.detail.SetText(detail)
}

func newEnrolSection(deps Deps) *enrolSection {
	s := &enrolSection{
		deps:       deps,
		configRow:  newCheckRow(lang.L("Configuration")),
		dataRow:    newCheckRow(lang.L("Data folder")),
		backendRow: newCheckRow(lang.L("Backend")),
	}
	s.setConfig(deps.Config, deps.ConfigErr)
	s.checkDataDir()
	s.object = container.NewVBox(
		heading(lang.L("Before you start")),
		s.configRow.object, s.dataRow.object, s.backendRow.object,
	)
	return s
}

func (s *enrolSection) setConfig(cfg config.Config, err error) {
	if err != nil {
		s.configRow.set(false, err.Error())
		return
	}
	detail := lang.L("Defaults (no file)")
	if cfg.Path != "" {
		detail = cfg.Path
	}
	s.configRow.set(true, fmt.Sprintf("%s · %s %s", detail, lang.L("Profile"), cfg.Profile))
}

func (s *enrolSection) checkDataDir() {
	free, err := paths.FreeBytes(s.deps.DataDir)
	if err != nil {
		s.dataRow.set(false, err.Error())
		return
	}
	s.dataRow.set(free >= 200<<20, s.deps.DataDir+" · "+lang.L("{{.Free}} free", map[string]any{"Free": humanBytes(free)}))
}

func (s *enrolSection) show(st status.Snapshot) {
	switch {
	case !st.Configured:
		s.backendRow.set(false, lang.L("No backend configured"))
	case st.Online:
		s.backendRow.set(true, lang.L("Backend online"))
	default:
		s.backendRow.set(false, lang.L("Backend offline")+": "+st.BackendErr)
	}
}

// humanBytes formats a byte count for people: 1.5 GiB, 200 MiB.
func humanBytes(n uint64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := uint64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
