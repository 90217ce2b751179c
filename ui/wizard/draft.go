package wizard

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/enrolkiosk/enrolkiosk/capture/document"
	"github.com/enrolkiosk/enrolkiosk/capture/signature"
	"github.com/enrolkiosk/enrolkiosk/enrol"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// DraftName starts the names the wizard saves drafts under in the store (DraftFor);
// alone, it is where an earlier version kept the one draft of every operator.
const DraftName = "current"

// draftVersion is written into every draft; a draft of another version is refused.
const draftVersion = 1

// ErrDraftVersion means a saved draft was written by an incompatible version.
var ErrDraftVersion = errors.New("the saved enrolment was made by another version of the app and cannot be resumed")

// Draft is the enrolment in progress: everything entered so far. It is what the store
// keeps (encrypted) between steps, so that a crash loses nothing.
type Draft struct {
	Version int `json:"version"`
	// ID is the enrolment's UUID, chosen when the draft starts; Seal uses it so a retried
	// seal is refused rather than duplicated.
	ID       string    `json:"id"`
	Started  time.Time `json:"started"`
	Step     int       `json:"step"`
	Operator string    `json:"operator"`

	Applicant store.Applicant `json:"applicant"`
	// Front, Rear and Owner are processed JPEGs; Video is the selfie clip.
	Front     []byte `json:"front,omitempty"`
	Rear      []byte `json:"rear,omitempty"`
	Owner     []byte `json:"owner,omitempty"`
	Video     []byte `json:"video,omitempty"`
	VideoType string `json:"video_type,omitempty"`
	// FrontQuality and RearQuality are what the quality checks said of Front and Rear,
	// and the operator's "Use it anyway" (nil: not recorded, as by an older build).
	FrontQuality *PictureQuality `json:"front_quality,omitempty"`
	RearQuality  *PictureQuality `json:"rear_quality,omitempty"`

	// MRZ is the machine readable zone read off the document (nil: none read), and
	// MRZRead the applicant fields it filled in.
	MRZ     *enrol.MRZ `json:"mrz,omitempty"`
	MRZRead []string   `json:"mrz_read,omitempty"`

	Acceptance store.Acceptance     `json:"acceptance"`
	Signature  *signature.Signature `json:"signature,omitempty"`
	Checks     store.SecurityChecks `json:"checks"`
}

// PictureQuality is the verdict of the quality checks on one document picture, kept with
// the draft so that Back, Next, a lock and a resume show the step as it was left.
type PictureQuality struct {
	// Passed tells whether every check passed.
	Passed bool `json:"passed"`
	// Failed lists the measures that failed, for the advice shown again in any language.
	Failed []document.Measure `json:"failed,omitempty"`
	// Anyway is the operator's "Use it anyway" for a picture that did not pass.
	Anyway bool `json:"anyway,omitempty"`
}

// marshal encodes the draft for the store.
func (d *Draft) marshal() ([]byte, error) {
	d.Version = draftVersion
	b, err := json.Marshal(d)
	if err != nil {
		return nil, fmt.Errorf("encode the enrolment draft: %w", err)
	}
	return b, nil
}

// parseDraft decodes a draft read from the store.
func parseDraft(b []byte) (*Draft, error) {
	var d Draft
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, fmt.Errorf("read the saved enrolment: %w", err)
	}
	if d.Version != draftVersion {
		return nil, fmt.Errorf("%w (draft version %d, this app %d)", ErrDraftVersion, d.Version, draftVersion)
	}
	if d.ID == "" {
		return nil, fmt.Errorf("read the saved enrolment: it has no id")
	}
	return &d, nil
}
