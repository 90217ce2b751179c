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
	// compact is the line shown above the wizard when something needs attention.
	compact *widget.Label
	// recovered, when set, runs on the UI goroutine after a recovery attempt (tests).
	recovered func()
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
	s.compact = wrapped("")
	s.compact.Importance = widget.WarningImportance
	s.compact.Hide()
	s.setConfig(deps.Config, deps.ConfigErr)
	s.checkDataDir()
	items := []fyne.CanvasObject{heading(lang.L("Before you start")), s.configRow.object, s.dataRow.object, s.backendRow.object}
	if deps.StoreErr != nil {
		row := newCheckRow(lang.L("Local queue"))
		row.set(false, deps.StoreErr.Error())
		items = append(items, row.object)
		if deps.RecoverStore != nil {
			items = append(items, s.recoverAction(deps.RecoverStore, row))
		}
		if deps.UnlockStore != nil {
			items = append(items, s.unlockAction(deps.UnlockStore, row))
		}
	}
	s.object = container.NewVBox(items...)
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
	if free < 200<<20 {
		s.warn(lang.L("The data folder has only {{.Free}} free: deliver the queue or free some space", map[string]any{"Free": humanBytes(free)}))
	}
}

// warn shows text above the wizard.
func (s *enrolSection) warn(text string) {
	s.compact.SetText(text)
	s.compact.Show()
}

func (s *enrolSection) show(st status.Snapshot) {
	switch {
	case !st.Configured:
		s.backendRow.set(false, lang.L("No backend configured"))
	case st.Online:
		s.backendRow.set(true, lang.L("Backend online"))
	default:
		s.backendRow.set(false, lang.L("Backend offline")+": "+plainError(st.BackendErr))
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

// unlockAction asks an administrator for the device key's passphrase. On success the
// program replaces the whole screen; a wrong one is shown on the row.
func (s *enrolSection) unlockAction(unlock func(string) error, row *checkRow) fyne.CanvasObject {
	pass := widget.NewPasswordEntry()
	pass.SetPlaceHolder(lang.L("Device key passphrase"))
	var b *widget.Button
	submit := func() {
		if pass.Text == "" {
			return
		}
		b.Disable()
		p := pass.Text
		pass.SetText("")
		go func() {
			err := unlock(p)
			fyne.Do(func() {
				if s.recovered != nil {
					defer s.recovered()
				}
				if err != nil {
					row.set(false, err.Error())
					b.Enable()
					return
				}
				row.set(true, lang.L("Unlocked"))
			})
		}()
	}
	pass.OnSubmitted = func(string) { submit() }
	b = widget.NewButtonWithIcon(lang.L("Unlock"), theme.LoginIcon(), submit)
	b.Importance = widget.HighImportance
	return container.NewBorder(nil, nil, nil, b, pass)
}

// recoverAction offers to move a damaged database aside and start a new one. Nothing is
// deleted: the damaged file stays beside the new one for support to examine.
func (s *enrolSection) recoverAction(recoverStore func() (string, error), row *checkRow) fyne.CanvasObject {
	var b *widget.Button
	b = widget.NewButtonWithIcon(lang.L("Keep the damaged file aside and start a new queue"), theme.WarningIcon(), func() {
		b.Disable()
		go func() {
			moved, err := recoverStore()
			fyne.Do(func() {
				if s.recovered != nil {
					defer s.recovered()
				}
				if err != nil {
					row.set(false, err.Error())
					b.Enable()
					return
				}
				row.set(true, lang.L("The damaged file is kept as {{.Path}}. Restart the kiosk to enrol.", map[string]any{"Path": moved}))
			})
		}()
	})
	b.Importance = widget.WarningImportance
	return container.NewHBox(b)
}
