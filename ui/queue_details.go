package ui

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/store"
)

// detailLine is one line of an enrolment's technical details: a translated name and the
// value as the store or the backend put it.
type detailLine struct {
	Name, Value string
}

// technicalDetails lists what the queue row keeps behind its Details link: the technical
// message (the store's last error or the backend's reason), the step, the attempts, what
// was sent and when, the next attempt, the backend's results and the linked versions.
// Lines without a value are left out.
func technicalDetails(e store.Entry, st queueState) []detailLine {
	at := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Local().Format("2006-01-02 15:04:05")
	}
	step := ""
	if e.StepName != "" {
		step = fmt.Sprintf("%d: %s", e.Step+1, e.StepName)
	}
	attempts := ""
	if e.Attempts > 0 {
		attempts = fmt.Sprint(e.Attempts)
	}
	sent := ""
	if e.InFlight != nil {
		sent = e.InFlight.What + " · " + at(e.InFlight.At)
	}
	var results []string
	for k, v := range e.Results {
		results = append(results, k+"="+v)
	}
	sort.Strings(results)
	lines := []detailLine{
		{lang.L("Enrolment"), e.ID},
		{lang.L("State"), string(e.State)},
		{lang.L("Backend profile"), e.Profile},
		{lang.L("Message"), st.Technical},
		{lang.L("Step"), step},
		{lang.L("Attempts"), attempts},
		{lang.L("What was sent"), sent},
		{lang.L("Next attempt"), at(e.NextAttempt)},
		{lang.L("Under review since"), at(e.WaitingSince)},
		{lang.L("Backend's results"), strings.Join(results, ", ")},
		{lang.L("Corrects"), e.Amends},
		{lang.L("Corrected by"), e.AmendedBy},
		{lang.L("Sealed"), at(e.Sealed)},
		{lang.L("Last change"), at(e.Updated)},
	}
	out := lines[:0]
	for _, l := range lines {
		if l.Value != "" {
			out = append(out, l)
		}
	}
	return out
}

// openDetails reads the entry id afresh off the UI goroutine and opens its technical
// details (a row's Details link); refused is the reason its profile is paused, if it is.
func (s *queueSection) openDetails(id string) {
	if s.deps.Window == nil || s.deps.Store == nil || id == "" {
		return
	}
	paused := s.deps.Sync != nil && s.deps.Sync.Paused()
	s.busy.Add(1)
	go func() {
		defer s.busy.Done()
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		e, err := s.deps.Store.Entry(ctx, id)
		cancel()
		fyne.Do(func() {
			if err != nil {
				s.say(lang.L("The details of {{.ID}} could not be read:", map[string]any{"ID": store.ShortID(id)})+" "+err.Error(), false)
				return
			}
			s.showDetails(e, describeEntry(e, time.Now(), paused, s.paused[e.Profile]))
		})
	}()
}

// showDetails shows e's technical details, worded as st, in a dialog.
func (s *queueSection) showDetails(e store.Entry, st queueState) {
	form := widget.NewForm()
	for _, l := range technicalDetails(e, st) {
		v := widget.NewLabel(l.Value)
		v.Wrapping = fyne.TextWrapWord
		v.Selectable = true
		v.TextStyle.Monospace = true
		form.Append(l.Name, v)
	}
	head := wrapped(st.Label)
	head.Importance = roleImportance(st.Role)
	head.TextStyle.Bold = true
	body := container.NewVBox(head, wrapped(st.Detail), widget.NewSeparator(), form)
	s.clear()
	s.viewer = dialog.NewCustom(lang.L("Details of {{.ID}}", map[string]any{"ID": store.ShortID(e.ID)}), lang.L("Close"),
		container.NewVScroll(body), s.deps.Window)
	s.viewer.Resize(fyne.NewSize(720, 520))
	s.viewer.Show()
}
