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

	"github.com/enrolkiosk/enrolkiosk/enrol/applicant"
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
	stepper         *stepper
	errText         *widget.Label
	back, next      *widget.Button
	body            *fyne.Container
	stepView        fyne.CanvasObject
	done            *doneView
	resume          *resumeView
	root            *fyne.Container
	drafts          *draftQueue
	sealing         bool
	// importDir is the folder the last imported file came from; the chooser opens there.
	importDir string
	// sealDone, when set, runs after every seal attempt (tests).
	sealDone func()
}

// New builds the wizard on a clean draft. Call Offer to propose a saved draft.
func New(opts Options) *Wizard {
	w := &Wizard{opts: opts, drafts: newDraftQueue(saveTimeout)}
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
	w.stepper = newStepper()
	top := container.NewVBox(w.stepper.object, container.NewBorder(nil, nil, nil, w.counter, w.header))
	w.stepView = container.NewBorder(top, nav, nil, nil, w.body)
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

// InProgress reports whether an enrolment is under way: past its first step, with
// applicant data typed in, or offered back for resuming. Call it on the UI goroutine.
func (w *Wizard) InProgress() bool {
	if w.resume.object.Visible() {
		return true
	}
	if !w.stepView.Visible() {
		return false
	}
	if w.index > 0 {
		return true
	}
	w.steps[0].keep(w.draft)
	return w.draft.Applicant != branchDefaults(w.opts.Profile)
}

// Reset starts a clean enrolment for the next customer: nothing of the last one stays on
// screen or in memory (see forget).
func (w *Wizard) Reset() {
	w.forget()
	w.draft = &Draft{ID: uuid.NewString(), Started: w.opts.now().UTC(), Applicant: branchDefaults(w.opts.Profile)}
	w.goTo(0)
	w.errText.SetText("")
	w.done.object.Hide()
	w.resume.object.Hide()
	w.stepView.Show()
}

// Next validates the step on screen and moves to the next one, saving the draft.
func (w *Wizard) Next() {
	w.touch()
	if w.Signing() {
		return // the customer has the screen: only Accept and the operator's password move on
	}
	cur := w.steps[w.index]
	cur.keep(w.draft)
	if err := cur.check(w.draft); err != nil {
		w.errText.SetText(err.Error())
		return
	}
	if w.index == 0 && w.opts.MayStart != nil {
		if err := w.opts.MayStart(); err != nil {
			w.errText.SetText(err.Error())
			return
		}
	}
	if w.index == len(w.steps)-1 {
		w.seal()
		return
	}
	w.goTo(w.index + 1)
	w.save()
}

// Back returns to the previous step keeping everything entered on this one. It does
// nothing while a seal is in flight or while the customer has the screen.
func (w *Wizard) Back() {
	w.touch()
	if w.index == 0 || w.sealing || w.Signing() {
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
	w.stepper.set(i)
	w.errText.SetText("")
	w.body.Objects = []fyne.CanvasObject{s.object()}
	w.body.Refresh()
	w.focusStep()
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

// save queues the draft for the store; the write happens off the UI goroutine. A failure
// is shown but does not stop the operator: everything is still in memory and the next
// step saves again.
func (w *Wizard) save() {
	if w.opts.Store == nil {
		return
	}
	if w.opts.Operator != nil {
		w.draft.Operator = w.opts.Operator()
	}
	b, err := w.draft.marshal()
	if err != nil {
		w.saveFailed(err)
		return
	}
	st, logger, name := w.opts.Store, w.opts.logger(), DraftFor(w.draft.Operator)
	w.drafts.push(draftOp{write: true, run: func(ctx context.Context) {
		if err := st.SaveDraft(ctx, name, b); err != nil {
			logger.Error("save the enrolment draft", "err", err)
			fyne.Do(func() { w.saveFailed(err) })
		}
	}})
}

// saveFailed tells the operator the draft was not saved.
func (w *Wizard) saveFailed(err error) {
	w.errText.SetText(lang.L("The draft could not be saved; keep going, it is still on screen:") + " " + err.Error())
}

// deleteDraft queues the removal of the logged-in operator's saved draft behind every
// save asked before it.
func (w *Wizard) deleteDraft(what string) {
	if w.opts.Store == nil {
		return
	}
	st, logger, name := w.opts.Store, w.opts.logger(), w.draftName()
	w.drafts.push(draftOp{write: true, run: func(ctx context.Context) {
		if err := st.DeleteDraft(ctx, name); err != nil {
			logger.Error(what, "err", err)
		}
	}})
}

// Suspend saves the draft and removes the customer's data from screen (inactivity lock,
// logout). Offer brings it back. The write finishes off the UI goroutine.
func (w *Wizard) Suspend() {
	w.keepOnScreen()
	w.Reset()
}

// Save writes what is on screen to the draft without leaving the step and waits (up to
// saveTimeout) until the store has it: call it when the app stops, before the store closes.
func (w *Wizard) Save() {
	w.keepOnScreen()
	ctx, cancel := context.WithTimeout(context.Background(), saveTimeout)
	defer cancel()
	if err := w.drafts.wait(ctx); err != nil {
		w.opts.logger().Error("save the enrolment draft before stopping", "err", err)
	}
}

// keepOnScreen queues a save of the step on screen, when the steps are on screen.
func (w *Wizard) keepOnScreen() {
	if w.stepView.Visible() {
		w.steps[w.index].keep(w.draft)
		w.save()
	}
}

// Offer looks off the UI goroutine (after every save asked before it) for a draft saved by
// the operator logged in now and, when there is one, asks them whether to resume it or
// discard it; another operator's draft is never offered. Call it on
// the UI goroutine; done, when not nil, runs there afterwards with whether a draft was
// offered and why none could be: a draft that cannot be read is offered for discarding
// only, with the error.
func (w *Wizard) Offer(ctx context.Context, done func(offered bool, err error)) {
	if done == nil {
		done = func(bool, error) {}
	}
	if w.opts.Store == nil {
		done(false, nil)
		return
	}
	st, op := w.opts.Store, w.operator()
	w.drafts.push(draftOp{ctx: ctx, run: func(ctx context.Context) {
		b, err := w.loadDraft(ctx, st, op)
		fyne.Do(func() { done(w.offer(b, err)) })
	}})
}

// offer shows the resume view for a draft read from the store.
func (w *Wizard) offer(b []byte, err error) (bool, error) {
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("look for an unfinished enrolment: %w", err)
	}
	d, err := parseDraft(b)
	if err == nil && d.Operator != w.operator() {
		w.opts.logger().Warn("a draft under this operator's name was made by another operator: not offered")
		return false, nil
	}
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
	if c := w.canvas(); c != nil {
		c.Unfocus() // the form's field that had the cursor is hidden now
	}
	return true, err
}

func (w *Wizard) resumeDraft(d *Draft) {
	w.draft = d
	w.resume.object.Hide()
	w.stepView.Show()
	w.goTo(d.Step)
}

func (w *Wizard) discard() {
	w.deleteDraft("discard the enrolment draft")
	w.Reset()
}

// touch tells the inactivity lock the operator is there.
func (w *Wizard) touch() {
	if w.opts.OnActivity != nil {
		w.opts.OnActivity()
	}
}

// focuser is a step with a field to start typing in.
type focuser interface{ focus(c fyne.Canvas) }

// Focus puts the cursor where the operator starts typing on the step on screen; the shell
// calls it when the wizard comes on screen (after the login).
func (w *Wizard) Focus() { w.focusStep() }

// focusStep puts the cursor in the step's first field, or takes the focus off the button
// that was just pressed (so a second Enter or Space does not skip the new step).
func (w *Wizard) focusStep() {
	c := w.canvas()
	if c == nil || c.Content() == nil {
		return // not on screen yet
	}
	if f, ok := w.steps[w.index].(focuser); ok && w.stepView.Visible() {
		f.focus(c)
		return
	}
	c.Unfocus()
}

// canvas is the window's canvas (Options.Window), else the one the wizard was drawn on.
func (w *Wizard) canvas() fyne.Canvas {
	if w.opts.Window != nil {
		return w.opts.Window.Canvas()
	}
	return fyne.CurrentApp().Driver().CanvasForObject(w.root)
}

// branchDefaults are the applicant values a new enrolment starts with: the branch's
// country as document country, nationality and residence, real values the operator may
// change (not placeholders that look filled in).
func branchDefaults(profile string) store.Applicant {
	c := applicant.DefaultCountry(profile)
	return store.Applicant{IDDocumentCountry: c, Nationality: c, Residence: c}
}

// leave lets the step on screen release what it holds.
func (w *Wizard) leave() {
	if l, ok := w.steps[w.index].(leaver); ok {
		l.leave()
	}
}
