package ui

import (
	"context"
	"crypto"
	"io"
	"log/slog"
	"time"

	"fyne.io/fyne/v2"

	"github.com/enrolkiosk/enrolkiosk/access"
	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/internal/status"
	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/store/manifest"
	"github.com/enrolkiosk/enrolkiosk/ui/signaturepad"
	"github.com/enrolkiosk/enrolkiosk/ui/wizard"
)

// Store is what the shell needs from the local queue: the wizard's draft and seal, the
// queue screen's list and actions, and the evidence viewer. *store.DB implements it.
type Store interface {
	wizard.Store
	List(ctx context.Context, f store.Filter) ([]store.Entry, error)
	Index() []store.Meta
	UnreadableCount() int
	Entry(ctx context.Context, id string) (store.Entry, error)
	Retry(ctx context.Context, id string) error
	Reconcile(ctx context.Context, id string, values map[string]string, by string) error
	ReconcileCreateNew(ctx context.Context, id, by string) error
	Amend(ctx context.Context, id string, a store.Amendment) (store.Enrolment, error)
	Hold(ctx context.Context, id string) error
	Release(ctx context.Context, id string) error
	Watch(ctx context.Context) <-chan store.Change
	Get(ctx context.Context, id string) (store.Enrolment, error)
	OpenEvidence(ctx context.Context, id string, kind store.EvidenceKind) (io.ReadCloser, store.Evidence, error)
}

var _ Store = (*store.DB)(nil)

// Sync controls the delivery worker; *sync.Worker implements it.
type Sync interface {
	SyncNow()
	Pause()
	Resume()
	Paused() bool
}

// Lockdown keeps the signer on the signer's screen while it is held.
type Lockdown interface {
	Hold()
	Release()
}

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
	// SaveSettings applies edits (dotted keys of the configuration file, such as
	// "camera.source") to the file, validates and writes it, and returns the new
	// configuration; nil makes Settings read-only.
	SaveSettings func(edits map[string]any) (config.Config, error)
	// DataDir is where the queue and the drafts live.
	DataDir string
	// Demo is true when running against the in-process sandbox.
	Demo bool
	// DemoUser and DemoPassword are the sandbox's demo operator, shown on the login screen
	// in demo mode so that a first run is not a dead end. Never set outside demo mode.
	DemoUser, DemoPassword string
	// Kiosk is true in kiosk mode (--fullscreen or kiosk.fullscreen).
	Kiosk bool
	// Monitor feeds the status bar; nil leaves it in its initial state.
	Monitor *status.Monitor

	// Store is the local queue; nil when it could not be opened (StoreErr says why).
	Store    Store
	StoreErr error
	// RecoverStore, set when the database is damaged, moves it aside (kept, renamed) and
	// starts a new one; it returns where the damaged file now is. The operator asks for it.
	RecoverStore func() (string, error)
	// UnlockStore, set when the device key is sealed by a passphrase that the
	// configuration does not give, opens the store with the passphrase an administrator
	// types on the Enrol screen (run off the UI goroutine); it returns why not.
	UnlockStore func(passphrase string) error
	// Login signs operators in; nil means no login (tests only).
	Login *access.Service
	// Admin decides who may change protected settings; nil lets no one change them.
	// The program sets it to Login.
	Admin AdminGate
	// Audit records settings changes in the store's audit log; nil records nothing.
	Audit Auditor
	// Sync controls the delivery worker; nil when none runs, and SyncErr then says why.
	Sync    Sync
	SyncErr error
	// MRZ reads the machine readable zone of the ID document pictures; nil reads none.
	MRZ wizard.MRZReader

	// Window hosts dialogs and the signer's screen.
	Window fyne.Window
	// Lockdown, when set, is held while the signer's screen is up (full screen, keyboard
	// and pointer grabbed); *lockdown.Lockdown implements it.
	Lockdown Lockdown
	// Camera takes stills and clips; nil leaves import from file only. Preview, when
	// set, shows the camera live on the picture steps.
	Camera  wizard.Camera
	Preview func(ctx context.Context) (wizard.PreviewSource, error)
	// PenSource opens the configured pen tablet; nil uses the pointer.
	PenSource func(ctx context.Context) (signaturepad.Source, error)
	// Terms the customer accepts.
	Terms wizard.Terms
	// DeviceKey signs each biometric record; Location is recorded in each manifest.
	DeviceKey crypto.Signer
	Location  *manifest.Location
	// KeyUnprotected, outside demo mode, says the device key is a plain file beside the
	// data: the status bar warns.
	KeyUnprotected bool
	// Device, UserAgent and IP are recorded with each acceptance.
	Device, UserAgent, IP string
	// InactivityLock locks the session after this long without input; 0 never.
	InactivityLock time.Duration
	// OnSealed is called after each sealed enrolment.
	OnSealed func(store.Enrolment)
	Logger   *slog.Logger
}

func (d *Deps) logger() *slog.Logger {
	if d.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return d.Logger
}
