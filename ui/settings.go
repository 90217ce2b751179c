package ui

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/access"
	"github.com/enrolkiosk/enrolkiosk/capture/camera"
	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// settingsSection edits the settings an operator may change at the kiosk (camera, pen,
// backend profile and URLs, location, language, kiosk options), checks them with the
// configuration's own validation and writes them to the file. When the file was refused
// it shows the error with the line to fix, and Reload.
type settingsSection struct {
	deps     Deps
	operator func() access.Operator // who is logged in
	shown    map[string]any         // the edits the form held when last shown
	admin    *widget.Entry          // the administrator passphrase, when one is configured
	errCard  *fyne.Container
	errText  *widget.Label
	result   *widget.Label
	file     *widget.Label
	fields   *settingsFields
	onChange func(config.Config)
	object   fyne.CanvasObject
}

func newSettingsSection(deps Deps, operator func() access.Operator, onChange func(config.Config)) *settingsSection {
	s := &settingsSection{deps: deps, operator: operator, onChange: onChange, errText: wrapped(""), result: wrapped(""), file: wrapped("")}
	s.errCard = container.NewVBox(
		container.NewHBox(widget.NewIcon(theme.ErrorIcon()), widget.NewLabelWithStyle(lang.L("The configuration has an error. Fix the file and press Reload:"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})),
		s.errText,
	)
	s.fields = newSettingsFields()
	s.admin = widget.NewPasswordEntry()
	s.admin.SetPlaceHolder(lang.L("Administrator passphrase"))
	if deps.Admin == nil || !deps.Admin.HasAdminPassphrase() || deps.SaveSettings == nil {
		s.admin.Hide()
	}
	var actions []fyne.CanvasObject
	if deps.SaveSettings != nil {
		save := widget.NewButtonWithIcon(lang.L("Save"), theme.DocumentSaveIcon(), s.save)
		save.Importance = widget.HighImportance
		actions = append(actions, save)
	} else {
		s.fields.disable()
		s.result.SetText(readOnlyReason(deps))
	}
	if deps.Reload != nil {
		actions = append(actions, widget.NewButtonWithIcon(lang.L("Reload"), theme.ViewRefreshIcon(), s.reload))
	}
	note := wrapped(lang.L("Backend addresses, profile and kiosk options change only for an administrator."))
	items := []fyne.CanvasObject{heading(lang.L("Settings")), s.file, s.errCard, s.fields.form, note, s.admin, s.result, container.NewHBox(actions...)}
	s.object = container.NewVScroll(container.NewVBox(items...))
	s.show(deps.Config, deps.ConfigErr)
	return s
}

func (s *settingsSection) reload() {
	cfg, err := s.deps.Reload()
	s.show(cfg, err)
	s.result.SetText("")
	if s.deps.SaveSettings == nil {
		s.result.SetText(readOnlyReason(s.deps))
	}
	if err == nil {
		s.onChange(cfg)
	}
}

// save checks the form, checks that a change of a protected setting comes from an
// administrator, hands the edits to the program, audits the change and shows what
// happened.
func (s *settingsSection) save() {
	passphrase := s.admin.Text
	s.admin.SetText("")
	edits, err := s.fields.edits()
	if err != nil {
		s.fail(err.Error())
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
	defer cancel()
	changed := changedKeys(s.shown, edits)
	op := s.operator()
	who, err := authorise(ctx, s.deps.Admin, op, protectedOf(changed), passphrase)
	if err != nil {
		s.audit(ctx, store.EventSettingsRefused, refusedDetail(protectedOf(changed), op))
		s.fail(lang.L("Not saved:") + " " + adminMessage(err) + " (" + strings.Join(protectedOf(changed), ", ") + ")")
		return
	}
	cfg, err := s.deps.SaveSettings(edits)
	if err != nil {
		s.fail(lang.L("Not saved:") + " " + err.Error())
		return
	}
	how := ""
	if len(protectedOf(changed)) > 0 {
		how = who.String()
	}
	s.result.Importance = widget.SuccessImportance
	s.result.SetText(lang.L("Saved. Restart the app to use the new camera, pen, backend and language."))
	if len(changed) > 0 {
		if err := s.audit(ctx, store.EventSettingsChanged, auditDetail(changed, edits, how, op)); err != nil {
			s.result.Importance = widget.WarningImportance
			s.result.SetText(lang.L("Saved, but the audit log could not record the change:") + " " + err.Error())
		}
	}
	s.show(cfg, nil)
	s.onChange(cfg)
}

// fail shows why nothing was saved.
func (s *settingsSection) fail(text string) {
	s.result.Importance = widget.DangerImportance
	s.result.SetText(text)
}

// audit records a settings event; a failure is logged and returned.
func (s *settingsSection) audit(ctx context.Context, event, detail string) error {
	if s.deps.Audit == nil {
		return nil
	}
	err := s.deps.Audit.Record(ctx, event, detail)
	if err != nil {
		s.deps.logger().Error("audit a settings change", "event", event, "err", err)
	}
	return err
}

// adminMessage words a refusal of the administrator check.
func adminMessage(err error) string {
	var le *access.LockedError
	if errors.As(err, &le) {
		return lang.L("Too many failed attempts: try again at {{.When}}",
			map[string]any{"When": time.Now().Add(le.Wait).Local().Format(time.TimeOnly)})
	}
	for _, e := range []error{access.ErrNotAdmin, access.ErrBadAdminPassphrase} {
		if errors.Is(err, e) {
			return lang.L(e.Error())
		}
	}
	return err.Error()
}

func (s *settingsSection) show(cfg config.Config, err error) {
	if err != nil {
		s.errText.SetText(err.Error())
		s.errCard.Show()
	} else {
		s.errCard.Hide()
	}
	file := s.deps.ConfigPath
	if cfg.Path == "" {
		file += " (" + lang.L("Defaults (no file)") + ")"
	}
	s.file.SetText(lang.L("Configuration file") + ": " + file)
	s.fields.set(cfg)
	s.shown, _ = s.fields.edits()
}

// settingsFields are the inputs of the settings form.
type settingsFields struct {
	profile, language                       *widget.Select
	branch, oneshot, signal, people, biomet *widget.Entry
	camera, cameraLabel, pen                *widget.Entry
	pads                                    *widget.Label
	cameras                                 *widget.Select
	lat, lon, gpsd                          *widget.Entry
	fullscreen                              *widget.Check
	cameraInfo                              []camera.Info
	inactivity, failures                    *widget.Entry
	form                                    *widget.Form
}

// languages are the choices of the language setting; "" follows the system.
var languages = []string{"", "en", "es"}

func newSettingsFields() *settingsFields {
	f := &settingsFields{
		profile: widget.NewSelect(config.Profiles, nil), language: widget.NewSelect([]string{lang.L("system"), "English", "Español"}, nil),
		branch: widget.NewEntry(), oneshot: widget.NewEntry(), signal: widget.NewEntry(), people: widget.NewEntry(), biomet: widget.NewEntry(),
		camera: widget.NewEntry(), cameraLabel: widget.NewEntry(), pen: widget.NewEntry(),
		lat: widget.NewEntry(), lon: widget.NewEntry(), gpsd: widget.NewEntry(),
		fullscreen: widget.NewCheck(lang.L("Full screen without window chrome"), nil), inactivity: widget.NewEntry(), failures: widget.NewEntry(),
	}
	f.camera.SetPlaceHolder(`auto, videotest, file:/path`)
	f.cameras = widget.NewSelect(nil, f.chooseCamera)
	f.cameras.PlaceHolder = lang.L("Cameras connected now")
	f.listCameras()
	f.pads = newPadList("/sys")
	f.pen.SetPlaceHolder(`pointer, evdev, evdev:/dev/input/eventN, stu, stu:/dev/hidrawN`)
	f.inactivity.SetPlaceHolder("2m")
	f.form = widget.NewForm(
		widget.NewFormItem(lang.L("Profile"), f.profile), widget.NewFormItem(lang.L("Branch"), f.branch),
		widget.NewFormItem("One-Shot URL", f.oneshot), widget.NewFormItem("Signal URL", f.signal),
		widget.NewFormItem("People URL", f.people), widget.NewFormItem(lang.L("Biometric signature URL"), f.biomet),
		widget.NewFormItem(lang.L("Camera"), f.camera), widget.NewFormItem(lang.L("Camera label"), f.cameraLabel),
		widget.NewFormItem("", f.cameras),
		widget.NewFormItem(lang.L("Pen"), f.pen), widget.NewFormItem("", f.pads), widget.NewFormItem(lang.L("Language"), f.language),
		widget.NewFormItem(lang.L("Latitude"), f.lat), widget.NewFormItem(lang.L("Longitude"), f.lon),
		widget.NewFormItem(lang.L("GPS daemon"), f.gpsd), widget.NewFormItem(lang.L("Kiosk mode"), f.fullscreen),
		widget.NewFormItem(lang.L("Lock after inactivity"), f.inactivity), widget.NewFormItem(lang.L("Failed logins before lockout"), f.failures),
	)
	return f
}

// listCameras fills the camera choice from the driver table (it never waits on a device).
func (f *settingsFields) listCameras() {
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
	defer cancel()
	list, err := camera.List(ctx)
	if err != nil {
		return
	}
	var labels []string
	for _, c := range list {
		labels = append(labels, c.Label)
	}
	f.cameraInfo = list
	f.cameras.SetOptions(labels)
}

// chooseCamera fills the source and label from a camera picked in the list.
func (f *settingsFields) chooseCamera(label string) {
	for _, c := range f.cameraInfo {
		if c.Label != label {
			continue
		}
		if c.Kind == camera.KindVideoTest {
			f.camera.SetText(camera.SourceVideoTest)
			f.cameraLabel.SetText("")
			return
		}
		f.camera.SetText(camera.SourceAuto)
		f.cameraLabel.SetText(c.Label)
	}
}

// disable makes every input read-only.
func (f *settingsFields) disable() {
	for _, it := range f.form.Items {
		if d, ok := it.Widget.(fyne.Disableable); ok {
			d.Disable()
		}
	}
}

// set shows cfg in the inputs.
func (f *settingsFields) set(cfg config.Config) {
	f.profile.SetSelected(cfg.Profile)
	f.language.SetSelectedIndex(max(indexOf(languages, cfg.Language), 0))
	b := cfg.Backend
	f.branch.SetText(cfg.BranchID)
	f.oneshot.SetText(b.OneShotURL)
	f.signal.SetText(b.SignalURL)
	f.people.SetText(b.PeopleURL)
	f.biomet.SetText(b.BiometricURL)
	f.camera.SetText(cfg.Camera.Source)
	f.cameraLabel.SetText(cfg.Camera.Label)
	f.pen.SetText(cfg.Signature.Source)
	f.lat.SetText("")
	f.lon.SetText("")
	if cfg.Location.Known() {
		f.lat.SetText(strconv.FormatFloat(cfg.Location.Lat, 'f', -1, 64))
		f.lon.SetText(strconv.FormatFloat(cfg.Location.Lon, 'f', -1, 64))
	}
	f.gpsd.SetText(cfg.Location.GPSD)
	f.fullscreen.SetChecked(cfg.Kiosk.Fullscreen)
	f.inactivity.SetText(cfg.Kiosk.InactivityLock.String())
	f.failures.SetText(strconv.Itoa(cfg.Kiosk.MaxLoginFailures))
}

// edits returns the settings as dotted keys of the configuration file (nil: remove the
// key), or what is wrong
// with a value the file's own validation cannot see (a number that is not a number).
func (f *settingsFields) edits() (map[string]any, error) {
	e := map[string]any{
		"profile": f.profile.Selected, "branch_id": strings.TrimSpace(f.branch.Text),
		"backend.oneshot_url": strings.TrimSpace(f.oneshot.Text), "backend.signal_url": strings.TrimSpace(f.signal.Text),
		"backend.people_url": strings.TrimSpace(f.people.Text), "backend.biometric_url": strings.TrimSpace(f.biomet.Text),
		"camera.source": strings.TrimSpace(f.camera.Text), "camera.label": strings.TrimSpace(f.cameraLabel.Text),
		"signature.source": strings.TrimSpace(f.pen.Text), "location.gpsd": strings.TrimSpace(f.gpsd.Text),
		"kiosk.fullscreen": f.fullscreen.Checked, "kiosk.inactivity_lock": strings.TrimSpace(f.inactivity.Text),
		"language": languages[max(f.language.SelectedIndex(), 0)],
	}
	n, err := strconv.Atoi(strings.TrimSpace(f.failures.Text))
	if err != nil {
		return nil, fmt.Errorf("%s: %s", lang.L("Failed logins before lockout"), lang.L("enter a whole number"))
	}
	e["kiosk.max_login_failures"] = int64(n)
	lat, lon := strings.TrimSpace(f.lat.Text), strings.TrimSpace(f.lon.Text)
	e["location.lat"], e["location.lon"] = nil, nil // nil removes the setting
	if lat != "" || lon != "" {
		la, err1 := strconv.ParseFloat(lat, 64)
		lo, err2 := strconv.ParseFloat(lon, 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("%s", lang.L("Latitude and longitude must both be decimal degrees, such as -0.1807 and -78.4678"))
		}
		e["location.lat"], e["location.lon"] = la, lo
	}
	return e, nil
}

func indexOf(list []string, v string) int {
	for i, s := range list {
		if s == v {
			return i
		}
	}
	return -1
}

// readOnlyReason says why Settings cannot be saved.
func readOnlyReason(deps Deps) string {
	if deps.Demo {
		return lang.L("Demo mode: these settings point at the built-in sandbox and cannot be changed. Start the app without --demo to edit them.")
	}
	return lang.L("The settings can be saved once the local queue is open.")
}
