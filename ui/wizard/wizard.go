package wizard

import (
	"context"
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/enrolkiosk/enrolkiosk/store"
)

// saveTimeout bounds a draft save or a seal so that a stuck disk cannot freeze the UI forever.
const saveTimeout = 30 * time.Second

// Wizard is the enrolment wizard.
type Wizard struct {
	opts  Options
	draft *Draft
	steps []step
	index int

	header, counter *widget.Label
	errText         *widget.Label
	back, next      *widget.Button
	body            *fyne.Container
	stepView        fyne.CanvasObject
	done            *doneView
	resume          *resumeView
	root            *fyne.Container
	sealing         bool
	// sealDone, when set, runs after every seal attempt (tests).
	sealDone func()
}

// New builds the wizard on a clean draft. Call Offer to propose a saved draft.
func New(opts Options) *Wizard {
	w := &Wizard{opts: opts}
	w.steps = []step{
		newApplicantStep(opts.Profile, opts.now, w.touch),
		newDocumentStep(w, lang.L("ID document front"), store.DocumentFront),
		newDocumentStep(w, lang.L("ID document rear"), store.DocumentRear),
		newSelfieStep(w),
		newTermsStep(w),
		newSignatureStep(w),
		newChecklistStep(opts.now),
		newReviewStep(w),
	}
	w.header = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	w.header.SizeName = theme.SizeNameHeadingText
	w.counter = widget.NewLabel("")
	w.errText = widget.NewLabel("")
	w.errText.Wrapping = fyne.TextWrapWord
	w.errText.Importance = widget.DangerImportance
	w.back = widget.NewButtonWithIcon(lang.L("Back"), theme.NavigateBackIcon(), w.Back)
	w.next = widget.NewButtonWithIcon(lang.L("Next"), theme.NavigateNextIcon(), w.Next)
	w.next.Importance = widget.HighImportance
	w.next.IconPlacement = widget.ButtonIconTrailingText
	w.body = container.NewStack()
	nav := container.NewBorder(nil, nil, w.back, w.next, w.errText)
	w.stepView = container.NewBorder(container.NewBorder(nil, nil, nil, w.counter, w.header), nav, nil, nil, w.body)
	w.done = newDoneView(w.Reset)
	w.resume = newResumeView()
	w.root = container.NewStack(w.stepView, w.done.object, w.resume.object)
	if opts.Window != nil {
		opts.Window.SetOnDropped(w.dropped)
	}
	w.Reset()
	return w
}

// Object returns the wizard's root canvas object.
func (w *Wizard) Object() fyne.CanvasObject { return w.root }

// Draft returns the draft in progress (for tests and the inactivity lock).
func (w *Wizard) Draft() *Draft { return w.draft }

// StepIndex returns the index of the step on screen (0 = applicant data).
func (w *Wizard) StepIndex() int { return w.index }

// Reset starts a clean enrolment for the next customer: nothing of the last one stays on
// screen or in memory.
func (w *Wizard) Reset() {
	w.draft = &Draft{ID: uuid.NewString(), Started: w.opts.now().UTC()}
	w.goTo(0)
	w.errText.SetText("")
	w.done.object.Hide()
	w.resume.object.Hide()
	w.stepView.Show()
}

// Next validates the step on screen and moves to the next one, saving the draft.
func (w *Wizard) Next() {
	w.touch()
	cur := w.steps[w.index]
	cur.keep(w.draft)
	if err := cur.check(w.draft); err != nil {
		w.errText.SetText(err.Error())
		return
	}
	if w.index == len(w.steps)-1 {
		w.seal()
		return
	}
	w.goTo(w.index + 1)
	w.save()
}

// Back returns to the previous step keeping everything entered on this one.
func (w *Wizard) Back() {
	w.touch()
	if w.index == 0 {
		return
	}
	w.steps[w.index].keep(w.draft)
	w.goTo(w.index - 1)
	w.save()
}

func (w *Wizard) goTo(i int) {
	w.leave()
	w.index = i
	w.draft.Step = i
	s := w.steps[i]
	s.show(w.draft)
	w.header.SetText(s.title())
	w.counter.SetText(lang.L("Step {{.N}} of {{.Total}}", map[string]any{"N": i + 1, "Total": len(w.steps)}))
	w.errText.SetText("")
	w.body.Objects = []fyne.CanvasObject{s.object()}
	w.body.Refresh()
	if i == 0 {
		w.back.Disable()
	} else {
		w.back.Enable()
	}
	if i == len(w.steps)-1 {
		w.next.SetText(lang.L("Seal enrolment"))
		w.next.SetIcon(theme.ConfirmIcon())
	} else {
		w.next.SetText(lang.L("Next"))
		w.next.SetIcon(theme.NavigateNextIcon())
	}
}

// save writes the draft to the store. A failure is shown but does not stop the operator:
// everything is still in memory and the next step saves again.
func (w *Wizard) save() {
	if w.opts.Store == nil {
		return
	}
	if w.opts.Operator != nil {
		w.draft.Operator = w.opts.Operator()
	}
	b, err := w.draft.marshal()
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), saveTimeout)
		err = w.opts.Store.SaveDraft(ctx, DraftName, b)
		cancel()
	}
	if err != nil {
		w.opts.logger().Error("save the enrolment draft", "err", err)
		w.errText.SetText(lang.L("The draft could not be saved; keep going, it is still on screen:") + " " + err.Error())
	}
}

// Suspend saves the draft and removes the customer's data from screen (inactivity lock,
// logout). Offer brings it back.
func (w *Wizard) Suspend() {
	w.Save()
	w.Reset()
}

// Save writes what is on screen to the draft without leaving the step (app shutdown).
func (w *Wizard) Save() {
	if w.stepView.Visible() {
		w.steps[w.index].keep(w.draft)
		w.save()
	}
}

// Offer looks for a saved draft and, when there is one, asks the operator whether to
// resume it or discard it. It returns whether a draft was offered; a draft that cannot be
// read is offered for discarding only, with the error.
func (w *Wizard) Offer(ctx context.Context) (bool, error) {
	if w.opts.Store == nil {
		return false, nil
	}
	b, err := w.opts.Store.LoadDraft(ctx, DraftName)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("look for an unfinished enrolment: %w", err)
	}
	d, err := parseDraft(b)
	if err != nil {
		// Unreadable: say so and let the operator discard it, or it would block every start.
		w.resume.unreadable(err, w.discard)
	} else {
		d.Step = min(max(d.Step, 0), len(w.steps)-1)
		w.resume.offer(d, w.steps[d.Step].title(), func() { w.resumeDraft(d) }, w.discard)
	}
	w.stepView.Hide()
	w.done.object.Hide()
	w.resume.object.Show()
	return true, err
}

func (w *Wizard) resumeDraft(d *Draft) {
	w.draft = d
	w.resume.object.Hide()
	w.stepView.Show()
	w.goTo(d.Step)
}

func (w *Wizard) discard() {
	ctx, cancel := context.WithTimeout(context.Background(), saveTimeout)
	defer cancel()
	if err := w.opts.Store.DeleteDraft(ctx, DraftName); err != nil {
		w.opts.logger().Error("discard the enrolment draft", "err", err)
	}
	w.Reset()
}

// touch tells the inactivity lock the operator is there.
func (w *Wizard) touch() {
	if w.opts.OnActivity != nil {
		w.opts.OnActivity()
	}
}

// leave lets the step on screen release what it holds.
func (w *Wizard) leave() {
	if l, ok := w.steps[w.index].(leaver); ok {
		l.leave()
	}
}
