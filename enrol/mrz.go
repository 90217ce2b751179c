package enrol

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/enrolkiosk/enrolkiosk/capture/document/mrz"
	"github.com/enrolkiosk/enrolkiosk/enrol/applicant"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// MRZEvidence is the store.DocumentMRZ evidence: the zone read off the document and how
// the sealed applicant fields agree with it.
type MRZEvidence struct {
	Side   store.EvidenceKind `json:"side"`
	Result mrz.Result         `json:"result"`
	// Expired is whether the zone's expiry date was before the day of the seal.
	Expired bool `json:"expired"`
	// Matched is true when every typed field agrees with the zone; Mismatches lists
	// those that do not, which the operator Confirmed against the document.
	Matched    bool                 `json:"matched"`
	Mismatches []applicant.Mismatch `json:"mismatches,omitempty"`
	Confirmed  bool                 `json:"confirmed"`
	Checked    time.Time            `json:"checked"`
}

// mrzEvidence compares the zone with the applicant's fields at now and encodes it.
func mrzEvidence(p Pieces, now time.Time) (Evidence, error) {
	m := p.MRZ
	mm := applicant.CompareMRZ(p.Applicant, &m.Result)
	ev := MRZEvidence{Side: m.Side, Result: m.Result, Expired: m.Result.Expired(now), Matched: m.Result.Valid && len(mm) == 0,
		Mismatches: mm, Confirmed: m.Confirmed, Checked: now.UTC()}
	b, err := json.Marshal(ev)
	if err != nil {
		return Evidence{}, fmt.Errorf("encode the MRZ evidence: %w", err)
	}
	return Evidence{store.DocumentMRZ, store.MediaMRZJSON, b}, nil
}
