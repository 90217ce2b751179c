package ui

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/enrol"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// applicantValues returns a's fields by their JSON names.
func applicantValues(a store.Applicant) map[string]string {
	out := map[string]string{}
	v, t := reflect.ValueOf(a), reflect.TypeOf(a)
	for i := range t.NumField() {
		out[strings.Split(t.Field(i).Tag.Get("json"), ",")[0]] = v.Field(i).String()
	}
	return out
}

// amendApplicant seals a corrected version of the rejected enrolment id with the fields
// edited (JSON names) that differ from the record, through enrol.Correct (the wizard's
// rules) and store.DB.Amend. It returns the new version's id.
func amendApplicant(ctx context.Context, st Store, id string, edited map[string]string, by string, now time.Time) (string, error) {
	if st == nil {
		return "", errNoStore
	}
	rec, err := st.Get(ctx, id)
	if err != nil {
		return "", err
	}
	fixed, err := corrected(rec, edited, now)
	if err != nil {
		return "", err
	}
	next, err := st.Amend(ctx, id, store.Amendment{Applicant: &fixed, By: by})
	if errors.Is(err, store.ErrSignAgain) {
		return "", errors.New(lang.L("The correction changes the name the customer signed: the customer must sign again. Retake an ID image with the customer (they sign again on the pad), or enrol them again from the Enrol tab."))
	}
	return next.ID, err
}

// corrected is rec's applicant data with the fields edited (JSON names) that differ from
// it, through enrol.Correct (the wizard's rules).
func corrected(rec store.Enrolment, edited map[string]string, now time.Time) (store.Applicant, error) {
	was := applicantValues(rec.Applicant)
	set := map[string]string{}
	for k, v := range edited {
		if was[k] != v {
			set[k] = v
		}
	}
	return enrol.Correct(rec.Profile, rec.Applicant, set, now)
}

// askAmend opens the applicant data of a rejected enrolment for correction. Saving seals
// a new version (the old one is kept until the new one is confirmed).
func (s *queueSection) askAmend(id string) {
	if s.deps.Window == nil || s.deps.Store == nil {
		return
	}
	by := "operator"
	if s.operator != nil && s.operator() != "" {
		by = "operator " + s.operator()
	}
	s.busy.Add(1)
	go func() {
		defer s.busy.Done()
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		rec, err := s.deps.Store.Get(ctx, id)
		cancel()
		fyne.Do(func() {
			if err != nil {
				s.say(lang.L("The enrolment could not be opened for correction:")+" "+err.Error(), false)
				return
			}
			s.showAmend(id, rec, by)
		})
	}()
}

func (s *queueSection) showAmend(id string, rec store.Enrolment, by string) {
	values := applicantValues(rec.Applicant)
	names := make([]string, 0, len(values))
	t := reflect.TypeOf(rec.Applicant)
	for i := range t.NumField() {
		names = append(names, strings.Split(t.Field(i).Tag.Get("json"), ",")[0])
	}
	entries := map[string]*widget.Entry{}
	form := widget.NewForm()
	for _, n := range names {
		e := widget.NewEntry()
		e.SetText(values[n])
		entries[n] = e
		form.Append(n, e)
	}
	problem := wrapped("")
	problem.Importance = widget.DangerImportance
	var d dialog.Dialog
	edited := func() map[string]string {
		out := map[string]string{}
		for n, e := range entries {
			out[n] = e.Text
		}
		return out
	}
	var top fyne.CanvasObject
	if s.wizardOptions != nil {
		// A retaken ID image changes what the customer signed: the retake ends with a new
		// signature on the pad (see startRetake).
		var retakes []fyne.CanvasObject
		for _, side := range []struct {
			kind  store.EvidenceKind
			label string
		}{{store.DocumentFront, lang.L("Retake the ID front…")}, {store.DocumentRear, lang.L("Retake the ID rear…")}} {
			if _, ok := rec.EvidenceOf(side.kind); !ok {
				continue
			}
			retakes = append(retakes, widget.NewButtonWithIcon(side.label, theme.MediaPhotoIcon(), func() {
				fixed, err := corrected(rec, edited(), time.Now())
				if err != nil {
					problem.SetText(err.Error())
					return
				}
				d.Hide()
				s.startRetake(id, rec, fixed, side.kind, by)
			}))
		}
		if len(retakes) > 0 {
			top = container.NewVBox(widget.NewLabelWithStyle(lang.L("ID images"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
				wrapped(lang.L("A new ID image needs the customer's new signature: retake it with the customer beside you.")),
				container.NewHBox(retakes...), widget.NewSeparator())
		}
	}
	fields := container.NewVScroll(form)
	fields.SetMinSize(fyne.NewSize(520, 320))
	d = dialog.NewCustomConfirm(lang.L("Amend {{.ID}}", map[string]any{"ID": store.ShortID(id)}), lang.L("Seal the correction"), lang.L("Cancel"),
		container.NewBorder(top, problem, nil, nil, fields),
		func(ok bool) {
			if !ok {
				return
			}
			values := edited()
			s.act(id, actionAmend, func(ctx context.Context, id string) error {
				_, err := amendApplicant(ctx, s.deps.Store, id, values, by, time.Now())
				return err
			})
		}, s.deps.Window)
	d.Resize(fyne.NewSize(640, 680))
	d.Show()
}
