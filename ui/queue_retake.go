package ui

import (
	"context"
	"errors"
	"fmt"
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"github.com/google/uuid"

	"github.com/enrolkiosk/enrolkiosk/enrol"
	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/ui/wizard"
)

// maxRetakeRead bounds an ID image read back to bind a new signature to it.
const maxRetakeRead = 32 << 20

// startRetake replaces the queue screen with the retake of kind of the rejected
// enrolment id (wizard.Retake: the wizard's capture step, then the customer signs again
// on the pad and hands the screen back). fixed is the applicant data of the new version
// (the record's, or the operator's correction of it). When the operator has the screen
// again, the new version is sealed (sealRetake) and the queue comes back with the
// outcome.
func (s *queueSection) startRetake(id string, rec store.Enrolment, fixed store.Applicant, kind store.EvidenceKind, by string) {
	if s.wizardOptions == nil {
		return
	}
	opts := s.wizardOptions()
	back := s.endRetake
	r, err := wizard.NewRetake(opts, wizard.RetakeRequest{ShortID: store.ShortID(id), Kind: kind, Applicant: fixed,
		TermsVersion: rec.Acceptance.TermsVersion},
		func(res wizard.RetakeResult) {
			back()
			s.act(id, actionRetake, func(ctx context.Context, id string) error {
				_, err := sealRetake(ctx, s.deps.Store, id, fixed, res, by, enrol.Options{TrustedThirdParty: opts.TrustedThirdParty, DeviceKey: opts.DeviceKey})
				return err
			})
		},
		func() {
			back()
			s.say(lang.L("{{.ID}}: the retake was cancelled; nothing was sealed.", map[string]any{"ID": store.ShortID(id)}), true)
		})
	if err != nil {
		s.say(actionFailed(store.ShortID(id), actionRetake, err), false)
		return
	}
	s.clear()
	s.retake = r
	s.main.Hide()
	s.retakeHost.Objects = []fyne.CanvasObject{r.Object()}
	s.retakeHost.Refresh()
}

// endRetake puts the queue back in place of the retake's screen.
func (s *queueSection) endRetake() {
	s.retake = nil
	s.retakeHost.Objects = nil
	s.retakeHost.Refresh()
	s.main.Show()
}

// customerHasScreen reports whether a retake has handed the screen to the customer (the
// pad or the hand-back screen).
func (s *queueSection) customerHasScreen() bool {
	return s.retake != nil && s.retake.CustomerHasScreen()
}

// sealRetake seals the corrected version of the rejected enrolment id with the retaken
// picture and the customer's new signature, bound to the new version (enrol.SignAgain),
// through store's Amend: a new id (so new idempotency keys), linked to the old version,
// audited on both; the old one is kept until the new one is confirmed. It returns the new
// version's id.
func sealRetake(ctx context.Context, st Store, id string, fixed store.Applicant, res wizard.RetakeResult, by string, opts enrol.Options) (string, error) {
	if st == nil {
		return "", errNoStore
	}
	rec, err := st.Get(ctx, id)
	if err != nil {
		return "", err
	}
	images := map[store.EvidenceKind][]byte{res.Kind: res.JPEG}
	for _, kind := range []store.EvidenceKind{store.DocumentFront, store.DocumentRear} {
		if _, ok := rec.EvidenceOf(kind); !ok || kind == res.Kind {
			continue
		}
		if images[kind], err = readEvidence(ctx, st, id, kind, maxRetakeRead); err != nil {
			return "", fmt.Errorf("read the %s to bind the new signature to it: %w", kind, err)
		}
	}
	next := uuid.NewString()
	ev, err := enrol.SignAgain(enrol.Resigning{ID: next, Record: rec, Applicant: fixed, Front: images[store.DocumentFront],
		Rear: images[store.DocumentRear], Retaken: []store.EvidenceKind{res.Kind}, Signature: &res.Signature, SignedAt: res.SignedAt}, opts)
	if err != nil {
		return "", err
	}
	sealed, err := st.Amend(ctx, id, store.Amendment{ID: next, Applicant: &fixed, Evidence: enrol.AmendmentInputs(ev), By: by})
	if err != nil {
		return "", err
	}
	return sealed.ID, nil
}

// readEvidence reads one piece of an enrolment's evidence whole, refusing one larger
// than limit bytes.
func readEvidence(ctx context.Context, st Store, id string, kind store.EvidenceKind, limit int64) ([]byte, error) {
	rc, _, err := st.OpenEvidence(ctx, id, kind)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", kind, err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("read %s: %w", kind, errTooLarge)
	}
	return b, nil
}

// errTooLarge means a piece of evidence is larger than any the kiosk seals of its kind.
var errTooLarge = errors.New("larger than any picture the kiosk seals")
