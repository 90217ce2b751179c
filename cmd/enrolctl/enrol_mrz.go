package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"time"

	"github.com/enrolkiosk/enrolkiosk/capture/document/mrz"
	"github.com/enrolkiosk/enrolkiosk/enrol"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// readMRZ reads the machine readable zone off the processed rear, then the front, as
// the wizard does after each picture: the first valid zone goes into the pieces, so
// enrol.Assemble cross-checks the applicant's fields with it (and refuses an expired
// document) and seals it as document_mrz evidence. Without the OCR-B font, or without a
// zone, the folder is enrolled as before, with a note.
func (f *folder) readMRZ(ctx context.Context) {
	r, err := mrz.NewReader("")
	if err != nil {
		f.notes = append(f.notes, fmt.Sprintf("the machine readable zone was not read: %v", err))
		return
	}
	for _, side := range []struct {
		file string
		kind store.EvidenceKind
		jpeg []byte
	}{{rearFile, store.DocumentRear, f.pieces.Rear}, {frontFile, store.DocumentFront, f.pieces.Front}} {
		if len(side.jpeg) == 0 {
			continue
		}
		img, _, err := image.Decode(bytes.NewReader(side.jpeg))
		if err != nil {
			continue
		}
		rd, err := r.Read(ctx, img, time.Now())
		if err != nil || rd.Result == nil || !rd.Result.Valid {
			continue
		}
		f.pieces.MRZ = &enrol.MRZ{Side: side.kind, Result: *rd.Result, Confirmed: f.mrzConfirmed}
		f.notes = append(f.notes, fmt.Sprintf("%s: machine readable zone read (%s)", side.file, rd.Result.Format))
		return
	}
}
