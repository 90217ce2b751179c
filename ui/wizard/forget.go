package wizard

import (
	"context"
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"

	"github.com/enrolkiosk/enrolkiosk/access"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// DraftFor is the store name of operator's draft. Each operator has their own, offered
// to them only; the name holds a hash of the operator id (draft names are not
// encrypted), never the id.
func DraftFor(operator string) string { return DraftName + "/" + access.OperatorRef(operator) }

// operator returns the id of the operator logged in now ("" without Options.Operator).
func (w *Wizard) operator() string {
	if w.opts.Operator == nil {
		return ""
	}
	return w.opts.Operator()
}

// draftName is the store name of the draft of the operator logged in now.
func (w *Wizard) draftName() string { return DraftFor(w.operator()) }

// newSteps builds every step empty.
func (w *Wizard) newSteps() []step {
	return []step{
		newApplicantStep(w.opts.Profile, w.opts.now, w.touch, w.Next),
		newDocumentStep(w, lang.L("ID document front"), store.DocumentFront),
		newDocumentStep(w, lang.L("ID document rear"), store.DocumentRear),
		newSelfieStep(w),
		newTermsStep(w),
		newSignatureStep(w),
		newChecklistStep(w.opts.now),
		newReviewStep(w),
	}
}

// forget drops everything of the last customer the screen holds: the step on screen
// lets go of what it holds (camera, signer's screen), every step is rebuilt empty (the
// hidden ones too, so no widget keeps a name, a picture or a signature sample), and the
// clipboard is cleared. Call it after a seal, a cancel, a lock or a logout.
func (w *Wizard) forget() {
	if w.steps != nil {
		w.leave()
	}
	w.steps = w.newSteps()
	w.index = 0
	w.body.Objects = nil
	w.body.Refresh()
	if a := fyne.CurrentApp(); a != nil && a.Clipboard() != nil {
		a.Clipboard().SetContent("")
	}
}

// Cancel ends the enrolment in progress without sealing it, after the operator confirms:
// its draft is deleted and the next customer starts clean.
func (w *Wizard) Cancel() {
	w.touch()
	if w.opts.Window == nil {
		w.discard()
		return
	}
	dialog.ShowConfirm(lang.L("Cancel enrolment"),
		lang.L("Everything entered for this customer is deleted. Cancel the enrolment?"), func(ok bool) {
			if ok {
				w.discard()
			}
		}, w.opts.Window)
}

// loadDraft reads op's draft from st; it runs off the UI goroutine, in the draft queue. A
// draft an earlier version kept under DraftName alone is moved to its operator's name
// first, when it is theirs.
func (w *Wizard) loadDraft(ctx context.Context, st Store, op string) ([]byte, error) {
	name := DraftFor(op)
	b, err := st.LoadDraft(ctx, name)
	if !errors.Is(err, store.ErrNotFound) {
		return b, err
	}
	old, lerr := st.LoadDraft(ctx, DraftName)
	if lerr != nil {
		return nil, err
	}
	if d, perr := parseDraft(old); perr != nil || d.Operator != op {
		return nil, err // someone else's (or unreadable): left for its operator
	}
	if serr := st.SaveDraft(ctx, name, old); serr != nil {
		return nil, fmt.Errorf("move the unfinished enrolment to its operator: %w", serr)
	}
	if derr := st.DeleteDraft(ctx, DraftName); derr != nil {
		w.opts.logger().Warn("delete the draft kept under the old name", "err", derr)
	}
	return old, nil
}
