package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/internal/status"
)

// Deps is what the shell needs from the rest of the program.
type Deps struct {
	// Config is the configuration in force; ConfigErr is set when the file was refused,
	// in which case Config holds the defaults and the shell opens on Settings.
	Config    config.Config
	ConfigErr error
	// ConfigPath is the file the configuration is read from.
	ConfigPath string
	// Reload reads the configuration file again; nil hides the Reload action.
	Reload func() (config.Config, error)
	// DataDir is where the queue and the drafts live.
	DataDir string
	// Demo is true when running against the in-process sandbox.
	Demo bool
	// Monitor feeds the status bar; nil leaves it in its initial state.
	Monitor *status.Monitor
}

// Shell is the window's content: the sections and the status bar.
type Shell struct {
	deps     Deps
	tabs     *container.AppTabs
	settings *settingsSection
	enrol    *enrolSection
	queue    *queueSection
	bar      *StatusBar
	root     fyne.CanvasObject
}

// NewShell builds the shell. Call it on the UI goroutine.
func NewShell(deps Deps) *Shell {
	s := &Shell{deps: deps, bar: NewStatusBar(deps.Demo)}
	s.enrol = newEnrolSection(deps)
	s.queue = newQueueSection()
	s.settings = newSettingsSection(deps, s.configChanged)
	s.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(lang.L("Enrol"), theme.AccountIcon(), s.enrol.object),
		container.NewTabItemWithIcon(lang.L("Queue"), theme.ListIcon(), s.queue.object),
		container.NewTabItemWithIcon(lang.L("Settings"), theme.SettingsIcon(), s.settings.object),
	)
	s.tabs.SetTabLocation(container.TabLocationLeading)
	if deps.ConfigErr != nil {
		s.tabs.SelectIndex(2)
	}
	if deps.Monitor != nil {
		Bridge(deps.Monitor, s.show)
	}
	s.root = container.NewBorder(nil, container.NewVBox(widgetSeparator(), s.bar.Object()), nil, nil, s.tabs)
	return s
}

// Object returns the shell's root canvas object.
func (s *Shell) Object() fyne.CanvasObject { return s.root }

// Selected returns the name of the section on screen.
func (s *Shell) Selected() string { return s.tabs.Selected().Text }

// show distributes a status snapshot to every part that displays it.
func (s *Shell) show(st status.Snapshot) {
	s.bar.Show(st)
	s.enrol.show(st)
	s.queue.show(st)
}

func (s *Shell) configChanged(cfg config.Config) {
	s.deps.Config = cfg
	s.enrol.setConfig(cfg, nil)
	if s.deps.Monitor != nil {
		s.deps.Monitor.Refresh()
	}
}
