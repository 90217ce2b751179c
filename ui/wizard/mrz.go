package wizard

import (
	"bytes"
	"context"
	"errors"
	"image"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/enrolkiosk/enrolkiosk/capture/document/mrz"
	"github.com/enrolkiosk/enrolkiosk/enrol"
	"github.com/enrolkiosk/enrolkiosk/enrol/applicant"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// mrzTimeout bounds reading the zone of one picture.
const mrzTimeout = 15 * time.Second

// errMRZDiffers is shown before Next when typed fields disagree with the zone; its
// text is a translation key.
var errMRZDiffers = errors.New("The typed data differs from the document's machine readable zone: go Back and correct it, or tick \"Checked against the document\"")

// readMRZ reads the zone of a processed picture off the UI goroutine and records it
// in the draft of the customer it was taken for.
func (s *documentStep) readMRZ(jpeg []byte) {
	if s.w.opts.MRZ == nil || len(jpeg) == 0 {
		return
	}
	s.mrzGen++
	gen, draft := s.mrzGen, s.w.draft
	s.mrzInfo.SetText(lang.L("Reading the machine readable zone..."))
	s.mrzInfo.Show()
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), mrzTimeout)
		defer cancel()
		var rd *mrz.Reading
		img, _, err := image.Decode(bytes.NewReader(jpeg))
		if err == nil {
			rd, err = s.w.opts.MRZ.Read(ctx, img, s.w.opts.now())
		}
		fyne.Do(func() {
			if gen == s.mrzGen && draft == s.w.draft {
				s.setMRZ(rd, err)
			}
			if s.mrzDone != nil {
				s.mrzDone()
			}
		})
	}()
}

// setMRZ shows what the zone said and, when it is valid, fills the empty applicant
// fields from it and keeps it for the cross-checks and the sealed evidence.
func (s *documentStep) setMRZ(rd *mrz.Reading, err error) {
	d := s.w.draft
	s.mrzInfo.Show()
	switch {
	case err == nil && rd != nil && rd.Result != nil && rd.Result.Valid:
		r := rd.Result
		d.MRZ = &enrol.MRZ{Side: s.kind, Result: *r}
		var filled []string
		d.Applicant, filled = applicant.PrefillMRZ(d.Applicant, r)
		d.MRZRead = appendNew(d.MRZRead, filled...)
		text := lang.L("Machine readable zone read ({{.Format}}): document {{.Number}}, expires {{.Expiry}}.",
			map[string]any{"Format": string(r.Format), "Number": r.DocumentNumber, "Expiry": r.ExpiryDate.String()})
		if len(filled) > 0 {
			text += " " + lang.L("Filled in from it: {{.Fields}}.", map[string]any{"Fields": fieldLabels(filled)})
		}
		if r.Expired(s.w.opts.now()) {
			text += "\n" + lang.L("The document has expired (by its machine readable zone): it cannot be used to enrol")
		}
		s.mrzInfo.SetText(text)
		s.w.opts.logger().Info("machine readable zone read", "side", string(s.kind), "format", string(r.Format),
			"corrections", len(r.Corrections), "filled", len(filled))
	case errors.Is(err, mrz.ErrNotFound):
		s.dropMRZ(d)
		s.mrzInfo.SetText(lang.L("No machine readable zone on this side."))
	default:
		s.dropMRZ(d)
		s.mrzInfo.SetText(lang.L("The machine readable zone could not be read reliably; type the data from the document, or retake the picture."))
		s.w.opts.logger().Info("machine readable zone not read", "side", string(s.kind), "err", err)
	}
	s.showMismatches(d)
}

// dropMRZ forgets a zone read from an earlier picture of this side.
func (s *documentStep) dropMRZ(d *Draft) {
	if d.MRZ != nil && d.MRZ.Side == s.kind {
		d.MRZ = nil
	}
}

// mismatches returns the typed fields that disagree with the zone read on this side.
func (s *documentStep) mismatches(d *Draft) []applicant.Mismatch {
	if d.MRZ == nil || d.MRZ.Side != s.kind {
		return nil
	}
	return applicant.CompareMRZ(d.Applicant, &d.MRZ.Result)
}

// showMismatches lists the disagreements under the picture with the confirmation box.
func (s *documentStep) showMismatches(d *Draft) {
	mm := s.mismatches(d)
	if len(mm) == 0 {
		s.mrzDiff.Hide()
		s.mrzConfirm.Hide()
		return
	}
	s.mrzDiff.SetText(mismatchText(mm))
	s.mrzDiff.Show()
	s.mrzConfirm.SetChecked(d.MRZ.Confirmed)
	s.mrzConfirm.Show()
}

// mismatchText lists the disagreements for the operator.
func mismatchText(mm []applicant.Mismatch) string {
	lines := make([]string, len(mm))
	for i, m := range mm {
		lines[i] = "• " + lang.L("{{.Field}}: typed {{.Typed}}, document {{.MRZ}}",
			map[string]any{"Field": fieldLabels([]string{m.Field}), "Typed": m.Typed, "MRZ": m.MRZ})
	}
	return strings.Join(lines, "\n")
}

// fieldLabels names applicant fields as the form labels them.
func fieldLabels(names []string) string {
	labels := make([]string, 0, len(names))
	for _, n := range names {
		label := n
		if n == applicant.IDDocumentType {
			label = "Document type"
		}
		for _, f := range applicantFields {
			if f.name == n {
				label = f.label
			}
		}
		labels = append(labels, lang.L(label))
	}
	return strings.Join(labels, ", ")
}

func appendNew(list []string, items ...string) []string {
	for _, it := range items {
		found := false
		for _, l := range list {
			found = found || l == it
		}
		if !found {
			list = append(list, it)
		}
	}
	return list
}

// mrzSide reports whether the draft's zone was read off side.
func mrzSide(d *Draft, side store.EvidenceKind) bool { return d.MRZ != nil && d.MRZ.Side == side }
