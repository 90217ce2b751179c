package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/config"
)

// settingsSection shows the configuration in force and, when the file was refused, the
// error with the line to fix, plus a Reload action.
type settingsSection struct {
	deps     Deps
	errCard  *fyne.Container
	errText  *widget.Label
	form     *widget.Form
	values   map[string]*widget.Label
	onChange func(config.Config)
	object   fyne.CanvasObject
}

// settingsRows lists the rows shown, in order.
var settingsRows = []string{"Configuration file", "Profile", "Backend", "Branch", "Location", "Language", "Camera", "Pen"}

func newSettingsSection(deps Deps, onChange func(config.Config)) *settingsSection {
	s := &settingsSection{deps: deps, onChange: onChange, values: map[string]*widget.Label{}, form: widget.NewForm()}
	for _, name := range settingsRows {
		v := wrapped("")
		s.values[name] = v
		s.form.Append(lang.L(name), v)
	}
	s.errText = wrapped("")
	s.errCard = container.NewVBox(
		container.NewHBox(widget.NewIcon(theme.ErrorIcon()), widget.NewLabelWithStyle(lang.L("The configuration has an error. Fix the file and press Reload:"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})),
		s.errText,
	)
	items := []fyne.CanvasObject{heading(lang.L("Settings")), s.errCard, s.form}
	if deps.Reload != nil {
		reload := widget.NewButtonWithIcon(lang.L("Reload"), theme.ViewRefreshIcon(), s.reload)
		reload.Importance = widget.HighImportance
		items = append(items, container.NewHBox(reload))
	}
	s.object = container.NewVScroll(container.NewVBox(items...))
	s.show(deps.Config, deps.ConfigErr)
	return s
}

func (s *settingsSection) reload() {
	cfg, err := s.deps.Reload()
	s.show(cfg, err)
	if err == nil {
		s.onChange(cfg)
	}
}

func (s *settingsSection) show(cfg config.Config, err error) {
	if err != nil {
		s.errText.SetText(err.Error())
		s.errCard.Show()
	} else {
		s.errCard.Hide()
	}
	orNotSet := func(v string) string {
		if v == "" {
			return lang.L("not set")
		}
		return v
	}
	file := s.deps.ConfigPath
	if cfg.Path == "" {
		file += " (" + lang.L("Defaults (no file)") + ")"
	}
	loc := lang.L("unknown")
	switch {
	case cfg.Location.Known():
		loc = fmt.Sprintf("%.5f, %.5f", cfg.Location.Lat, cfg.Location.Lon)
	case cfg.Location.GPSD != "":
		loc = "gpsd " + cfg.Location.GPSD
	}
	language := cfg.Language
	if language == "" {
		language = lang.L("system")
	}
	set := map[string]string{
		"Configuration file": file, "Profile": cfg.Profile,
		"Backend": orNotSet(cfg.Backend.URLFor(cfg.Profile)), "Branch": orNotSet(cfg.BranchID),
		"Location": loc, "Language": language, "Camera": cfg.Camera.Source + labelSuffix(cfg.Camera.Label),
		"Pen": cfg.Signature.Source,
	}
	for name, v := range set {
		s.values[name].SetText(v)
	}
}

func labelSuffix(label string) string {
	if label == "" {
		return ""
	}
	return " · " + label
}
