package wizard

import (
	"context"
	"crypto"
	"image"
	"log/slog"
	"time"

	"fyne.io/fyne/v2"

	"github.com/enrolkiosk/enrolkiosk/capture/document"
	"github.com/enrolkiosk/enrolkiosk/capture/document/mrz"
	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/store/manifest"
	"github.com/enrolkiosk/enrolkiosk/ui/camerapreview"
	"github.com/enrolkiosk/enrolkiosk/ui/signaturepad"
)

// Store is what the wizard needs from the store: its draft and the seal.
type Store interface {
	SaveDraft(ctx context.Context, name string, data []byte) error
	LoadDraft(ctx context.Context, name string) ([]byte, error)
	DeleteDraft(ctx context.Context, name string) error
	Seal(ctx context.Context, e store.Enrolment, evidence []store.EvidenceInput) (store.Enrolment, error)
}

var _ Store = (*store.DB)(nil)

// Camera takes stills and records the selfie clip; nil means no camera (import from
// file only).
type Camera interface {
	// Still returns the next frame at the camera's full size.
	Still(ctx context.Context) (image.Image, error)
	// Record records a short WebM clip, reporting progress from any goroutine. When the
	// camera stops part-way it returns the clip recorded so far with an error wrapping
	// ErrPartialVideo.
	Record(ctx context.Context, progress func(elapsed, total time.Duration)) ([]byte, error)
}

// MRZReader reads the machine readable zone of a document picture; *mrz.Reader is one.
type MRZReader interface {
	Read(ctx context.Context, img image.Image, ref time.Time) (*mrz.Reading, error)
}

var _ MRZReader = (*mrz.Reader)(nil)

// PreviewSource is the live camera a preview shows; *camera.Camera is one.
type PreviewSource = camerapreview.Source

// Terms is the text the customer accepts and its version.
type Terms struct {
	Version string
	Text    string
}

// Options is what the wizard needs from the rest of the program.
type Options struct {
	Store   Store
	Profile string
	Branch  string
	// Operator returns the id of the operator logged in now.
	Operator func() string
	// Device identifies this installation in the acceptance record.
	Device string
	// UserAgent and IP are recorded with the acceptance.
	UserAgent, IP string
	Terms         Terms
	// Camera takes stills; nil leaves only import from file.
	Camera Camera
	// Countdown is the seconds counted down on the preview before the video starts.
	Countdown int
	// Preview opens the camera to show it live on the picture steps; nil shows no live
	// picture.
	Preview func(ctx context.Context) (PreviewSource, error)
	// Document turns photos and scans into the JPEG the backends take.
	Document document.Options
	// MRZ reads the machine readable zone off each document picture, to fill in and
	// cross-check the applicant's fields; nil reads none.
	MRZ MRZReader
	// TrustedThirdParty is the age recipient biometric data is encrypted to ("" = plain).
	TrustedThirdParty string
	// DeviceKey signs the biometric record inside its envelope; nil leaves it unsigned.
	DeviceKey crypto.Signer
	// Location is where the device is, recorded in the manifest; nil when unknown.
	Location *manifest.Location
	// Window hosts file dialogs and password prompts.
	Window fyne.Window
	// Present shows obj alone in the window (the signer's screen: no tabs, no way out) and
	// returns the function that puts the window back; nil shows it over the wizard only.
	Present func(obj fyne.CanvasObject) (restore func())
	// PenSource opens the configured pen tablet; nil (or a nil Source) uses the pointer.
	PenSource func(ctx context.Context) (signaturepad.Source, error)
	// Unlock checks the operator's password to leave the signer's screen early.
	Unlock func(ctx context.Context, password string) error
	// OnActivity is called on every operator action (the inactivity lock's clock).
	OnActivity func()
	// OnSealed is called after an enrolment is sealed (e.g. to wake the sync worker).
	OnSealed func(store.Enrolment)
	// MayStart is asked when the operator leaves the first step of a new enrolment; an
	// error (the fleet's freeze rules) keeps the wizard there and shows its text. nil
	// always allows it.
	MayStart func() error
	// Now is the clock; nil means time.Now.
	Now    func() time.Time
	Logger *slog.Logger
}

func (o *Options) now() time.Time {
	if o.Now == nil {
		return time.Now()
	}
	return o.Now()
}

func (o *Options) logger() *slog.Logger {
	if o.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return o.Logger
}
