package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/access"
	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/fleet"
	"github.com/enrolkiosk/enrolkiosk/internal/status"
	"github.com/enrolkiosk/enrolkiosk/store"
	ksync "github.com/enrolkiosk/enrolkiosk/sync"
	"github.com/enrolkiosk/enrolkiosk/ui/login"
	"github.com/enrolkiosk/enrolkiosk/ui/wizard"
)

// Tab indexes of the shell's sections.
const (
	tabEnrol = iota
	tabQueue
	tabSettings
)

// Shell is the window's content: the operator's login, then the sections (Enrol with the
// wizard, Queue, Settings) and the status bar, and the signer's screen when it is up.
type Shell struct {
	deps     Deps
	tabs     *rail
	settings *settingsSection
	enrol    *enrolSection
	queue    *queueSection
	wizard   *wizard.Wizard
	bar      *StatusBar
	login    *login.Screen
	operator access.Operator
	opLabel  *widget.Label
	main     fyne.CanvasObject // the sections, once an operator is logged in
	frame    fyne.CanvasObject // the sections or the login, and the status bar
	session  fyne.CanvasObject // who is logged in, and Lock
	bottom   *fyne.Container   // the status bar and the session
	layer    *fyne.Container   // the signer's screen
	activity *activity
	still    *stillThere // the warning before the inactivity lock
	notice   string      // what the login says under its form besides a lock's reason
	ring     *focusRing
	cancel   *widget.Button // cancels the enrolment under way (see showCancel)
	root     *fyne.Container
	// freeze is the fleet's last verdict; freezeNote says it above the wizard.
	freeze     fleet.Verdict
	freezeNote *widget.Label
}

// NewShell builds the shell. Call it on the UI goroutine.
func NewShell(deps Deps) *Shell {
	s := &Shell{deps: deps, bar: NewStatusBar(deps.Demo), opLabel: widget.NewLabel(""), freezeNote: wrapped("")}
	if deps.KeyUnprotected {
		s.bar.Warn(lang.L("Device key not protected"))
	}
	s.freezeNote.Importance = widget.WarningImportance
	s.freezeNote.Hide()
	s.activity = newActivity(deps.InactivityLock)
	s.enrol = newEnrolSection(deps)
	s.queue = newQueueSection(deps)
	if deps.Store != nil {
		s.queue.wizardOptions = s.wizardOptions // a retaken ID image uses the wizard's capture step and pad
	}
	s.settings = newSettingsSection(deps, s.Operator, s.configChanged)
	s.queue.onPaused = s.bar.SetPaused
	if deps.Sync != nil {
		s.bar.SetPaused(deps.Sync.Paused())
	}
	s.queue.onPause = s.bar.ShowPause
	s.queue.operator = func() string { return s.operator.ID }
	enrolContent := s.enrol.object
	if deps.Store != nil && deps.ConfigErr == nil {
		s.wizard = wizard.New(s.wizardOptions())
		enrolContent = container.NewBorder(container.NewVBox(s.freezeNote, s.enrol.compact), nil, nil, nil, s.wizard.Object())
	}
	if deps.SyncErr != nil {
		s.enrol.warn(lang.L("Nothing is sent until this is fixed; enrolments wait in the queue:") + " " + deps.SyncErr.Error())
	}
	s.tabs = newRail(s.canvas,
		railItem{lang.L("Enrol"), theme.AccountIcon(), enrolContent},
		railItem{lang.L("Queue"), theme.ListIcon(), s.queue.object},
		railItem{lang.L("Settings"), theme.SettingsIcon(), s.settings.object},
	)
	s.tabs.allowed = s.railAllowed
	if deps.ConfigErr != nil || deps.Store == nil {
		s.tabs.SelectIndex(tabSettings)
	}
	if deps.Monitor != nil {
		Bridge(deps.Monitor, s.show)
	}
	session := []fyne.CanvasObject{s.opLabel}
	if s.wizard != nil {
		s.cancel = widget.NewButtonWithIcon(lang.L("Cancel this enrolment"), theme.CancelIcon(), s.wizard.Cancel)
		s.cancel.Importance = widget.LowImportance
		s.cancel.Hide()
		session = append(session, s.cancel)
	}
	s.session = container.NewHBox(append(session, widget.NewButtonWithIcon(lang.L("Lock"), theme.LogoutIcon(), s.Lock))...)
	s.bottom = container.NewBorder(nil, nil, nil, s.session, s.bar.Object())
	s.main = s.tabs.object
	body := container.NewStack(s.main)
	if deps.Login != nil {
		s.login = login.NewScreen(deps.Login, s.loggedIn)
		if deps.ConfigErr != nil {
			s.notice = lang.L("The configuration file was refused; the kiosk runs on defaults until it is fixed:") + " " + deps.ConfigErr.Error()
			s.login.SetNotice(s.notice)
		}
		if deps.Demo && deps.DemoUser != "" {
			// No sentence-ending period after the password: people type it.
			s.login.SetHint(lang.L("Demo mode — user: {{.User}} · password: {{.Password}}",
				map[string]any{"User": deps.DemoUser, "Password": deps.DemoPassword}))
		}
		body.Add(s.login.Object())
		s.main.Hide()
		s.session.Hide()
	}
	// The status bar stays on every screen but the signer's, which covers the frame.
	s.frame = container.NewBorder(nil, container.NewVBox(widgetSeparator(), s.bottom), nil, nil, body)
	s.layer = container.NewStack()
	s.ring = newFocusRing(s.canvas)
	s.still = newStillThere(func() { s.activity.touch(); s.still.hide() })
	s.root = container.NewStack(s.frame, s.layer, s.still.object, s.ring.layer, s.activity)
	return s
}

func (s *Shell) wizardOptions() wizard.Options {
	d := s.deps
	return wizard.Options{
		Store: d.Store, Profile: d.Config.Profile, Branch: d.Config.BranchID,
		Operator: func() string { return s.operator.ID },
		Device:   d.Device, UserAgent: d.UserAgent, IP: d.IP, Terms: d.Terms,
		Camera: d.Camera, Preview: d.Preview, Countdown: d.Config.Camera.Countdown, Document: documentOptions(d.Config), MRZ: d.MRZ,
		TrustedThirdParty: d.Config.Signature.TrustedThirdParty,
		Window:            d.Window, Present: s.present, PenSource: d.PenSource,
		DeviceKey: d.DeviceKey, Location: d.Location,
		Unlock: s.unlock, OnSealed: s.sealed, OnActivity: s.activity.touch, MayStart: s.mayStart, Logger: d.logger(),
	}
}

// Object returns the shell's root canvas object.
func (s *Shell) Object() fyne.CanvasObject { return s.root }

// Operator returns who is logged in (zero before a login).
func (s *Shell) Operator() access.Operator { return s.operator }

// loggedIn opens the sections for op and offers an unfinished enrolment back.
func (s *Shell) loggedIn(op access.Operator) {
	s.operator = op
	text := op.Name
	if op.Offline {
		text += " (" + lang.L("offline") + ")"
	}
	s.opLabel.SetText(text)
	if s.login != nil {
		s.login.SetNotice(s.notice)
		s.login.Object().Hide()
	}
	s.main.Show()
	s.session.Show()
	s.bottom.Refresh()
	s.activity.touch()
	if s.wizard == nil {
		return
	}
	s.wizard.Focus()
	s.wizard.Offer(context.Background(), func(offered bool, err error) {
		if err != nil {
			s.deps.logger().Error("offer the unfinished enrolment", "err", err)
			if !offered { // an unreadable draft is shown by the wizard itself
				s.enrol.warn(err.Error())
			}
		}
	})
}

// Lock saves the enrolment in progress, clears every customer's data from screen and
// shows the login. Nothing is lost: the next login offers the draft back.
func (s *Shell) Lock() {
	if s.login == nil {
		return
	}
	if s.wizard != nil {
		s.wizard.Suspend()
	}
	s.still.hide()
	s.layer.Objects = nil
	s.layer.Refresh()
	s.frame.Show()
	s.queue.clear()
	s.settings.admin.SetText("")
	s.deps.Login.Logout()
	s.operator = access.Operator{}
	s.opLabel.SetText("")
	s.main.Hide()
	s.session.Hide()
	s.bottom.Refresh()
	s.login.Reset()
	s.login.Object().Show()
	s.tabs.SelectIndex(tabEnrol)
	s.Focus()
}

// Focus puts the cursor where the person at the kiosk starts typing: the login's first
// empty field while it is up. Call it once the shell is the window's content.
func (s *Shell) Focus() {
	c := s.canvas()
	if c == nil {
		return
	}
	if s.login != nil && s.login.Object().Visible() {
		s.login.Focus(c)
		return
	}
	if s.wizard != nil {
		s.wizard.Focus()
	}
}

// railAllowed reports whether the rail may be used: by a logged-in operator, never from
// the signer's or the hand-back screen.
func (s *Shell) railAllowed() bool {
	return (s.login == nil || s.operator.ID != "") && !s.Signing() && s.frame.Visible()
}

// present shows obj alone in the window, held for the signer (Deps.Lockdown): the
// signer's screen. The keyboard leaves the operator's controls (a rail tab or a button
// that kept the focus would still take keys under the signer's screen).
func (s *Shell) present(obj fyne.CanvasObject) func() {
	if c := s.canvas(); c != nil {
		if o, ok := c.Focused().(fyne.CanvasObject); ok && pathTo(s.frame, o) != nil {
			c.Unfocus()
		}
	}
	s.frame.Hide()
	s.layer.Objects = []fyne.CanvasObject{obj}
	s.layer.Refresh()
	if s.deps.Lockdown != nil {
		s.deps.Lockdown.Hold()
	}
	s.deps.logger().Info("signer's screen up")
	return func() {
		if s.deps.Lockdown != nil {
			s.deps.Lockdown.Release()
		}
		s.layer.Objects = nil
		s.layer.Refresh()
		s.frame.Show()
		s.deps.logger().Info("signer's screen closed")
	}
}

func (s *Shell) unlock(ctx context.Context, password string) error {
	if s.deps.Login == nil {
		return nil
	}
	return s.deps.Login.Unlock(ctx, password)
}

func (s *Shell) sealed(e store.Enrolment) {
	if s.deps.Sync != nil {
		s.deps.Sync.SyncNow()
	}
	if s.deps.Monitor != nil {
		s.deps.Monitor.Refresh()
	}
	if s.deps.OnSealed != nil {
		s.deps.OnSealed(e)
	}
}

// show distributes a status snapshot to every part that displays it.
func (s *Shell) show(st status.Snapshot) {
	s.bar.Show(st)
	s.enrol.show(st)
}

func (s *Shell) configChanged(cfg config.Config) {
	s.deps.Config = cfg
	s.enrol.setConfig(cfg, nil)
	if s.deps.Monitor != nil {
		s.deps.Monitor.Refresh()
	}
}

// Run keeps the inactivity lock and the queue screen up to date until ctx ends.
func (s *Shell) Run(ctx context.Context) {
	done := make(chan struct{}, 2)
	go func() { defer func() { done <- struct{}{} }(); s.queue.watch(ctx) }()
	go func() { defer func() { done <- struct{}{} }(); s.follow(ctx) }()
	s.activity.run(ctx, s.tick)
	<-done
	<-done
}

// follow moves the focus ring with the focus and shows Cancel only while an enrolment is
// under way, ten times a second until ctx ends (Fyne tells no one when the focus moves,
// and the wizard no one when a field is typed in).
func (s *Shell) follow(ctx context.Context) {
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			fyne.Do(func() {
				s.ring.update()
				s.showCancel()
			})
		}
	}
}

// showCancel shows "Cancel this enrolment" only where it means something: on the Enrol
// section, to a logged-in operator, while an enrolment is under way (not on the sealed
// screen, the Queue or Settings, nor before anything is typed).
func (s *Shell) showCancel() {
	if s.cancel == nil {
		return
	}
	on := s.session.Visible() && s.main.Visible() && s.tabs.SelectedIndex() == tabEnrol && s.wizard.InProgress()
	if on != s.cancel.Visible() {
		show(s.cancel, on)
		s.session.Refresh()
	}
}

// SyncEvent shows an event of the sync worker. Call it from any goroutine: events are
// gathered and drawn a few times a second (the queue screen's frame), however many come.
func (s *Shell) SyncEvent(e ksync.Event) {
	if s.deps.Monitor != nil && (e.Kind == ksync.EventState || e.Kind == ksync.EventRetry) {
		s.deps.Monitor.Refresh()
	}
	s.queue.post(e)
}

// Stopping saves the enrolment in progress as a draft; call it when the app stops.
func (s *Shell) Stopping() {
	if s.wizard != nil && s.operator.ID != "" {
		s.wizard.Save()
	}
}

// Signing reports whether the signer's screen is up.
func (s *Shell) Signing() bool {
	return (s.wizard != nil && s.wizard.Signing()) || s.queue.customerHasScreen()
}

// MayClose reports whether a request to close the window (the window manager's close,
// Alt+F4, wmctrl -c) is granted: never from the signer's screen, and in kiosk mode only
// for a logged-in operator.
func (s *Shell) MayClose() bool {
	if s.Signing() {
		return false
	}
	return !s.deps.Kiosk || s.login == nil || s.operator.ID != ""
}

// canvas is the window's canvas: the one of Deps.Window, else the one showing the shell
// (known only once it has been drawn).
func (s *Shell) canvas() fyne.Canvas {
	if s.deps.Window != nil {
		return s.deps.Window.Canvas()
	}
	return fyne.CurrentApp().Driver().CanvasForObject(s.root)
}
