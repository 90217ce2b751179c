package wizard

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/enrolkiosk/enrolkiosk/enrol/applicant"
)

// TestApplicantFieldsCheckOnFocusOut: a wrong value is flagged when the field loses focus,
// the error clears as soon as it is edited, an empty required field is not flagged before
// Next, local formats are shown converted, and the countries start with the branch's.
func TestApplicantFieldsCheckOnFocusOut(t *testing.T) {
	w, _, win := newTestWizard(t, "signal")
	s := w.steps[0].(*applicantStep)
	c := win.Canvas()
	for _, name := range []string{applicant.IDDocumentCountry, applicant.Nationality, applicant.Residence} {
		if got := s.fields[name].entry.Text; got != "EC" {
			t.Errorf("%s starts as %q, want the branch's EC", name, got)
		}
		if s.fields[name].entry.PlaceHolder != "" {
			t.Errorf("%s has a placeholder that looks like a value", name)
		}
	}
	w.Focus() // as the shell does after the login
	if c.Focused() != s.first {
		t.Fatalf("the form opens with %v focused, not its first field", c.Focused())
	}

	given, email := s.fields[applicant.GivenName], s.fields[applicant.Email]
	c.Focus(email.entry) // the given name loses focus empty: not flagged before Next
	if given.errText.Text != "" {
		t.Fatalf("an untouched required field is flagged on focus-out: %q", given.errText.Text)
	}
	test.Type(email.entry, "ana@")
	c.Focus(given.entry)
	if email.errText.Text != applicant.ErrEmail.Error() {
		t.Fatalf("a wrong e-mail is not flagged on focus-out: %q", email.errText.Text)
	}
	test.Type(email.entry, "x")
	if email.errText.Text != "" {
		t.Fatal("the error stays while the field is being fixed")
	}
	email.entry.SetText("ana@example.com")
	c.Focus(email.entry)
	c.Focus(given.entry)
	if email.errText.Text != "" {
		t.Fatalf("a fixed e-mail is still flagged: %q", email.errText.Text)
	}

	mobile, birth := s.fields[applicant.MobilePhoneNumber], s.fields[applicant.BirthDate]
	c.Focus(mobile.entry)
	test.Type(mobile.entry, "0991234567")
	c.Focus(birth.entry)
	test.Type(birth.entry, "17/05/1990")
	c.Focus(given.entry)
	if mobile.entry.Text != "+593991234567" || birth.entry.Text != "1990-05-17" || mobile.errText.Text != "" || birth.errText.Text != "" {
		t.Fatalf("local formats: mobile %q (%q), birth date %q (%q)", mobile.entry.Text, mobile.errText.Text, birth.entry.Text, birth.errText.Text)
	}

	// Enter in a field presses Next; with required fields missing, they are all flagged.
	given.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if w.StepIndex() != 0 || given.errText.Text != "Required" {
		t.Fatalf("Enter on an incomplete form: step %d, given name %q", w.StepIndex(), given.errText.Text)
	}
	heightBefore := given.object.MinSize().Height
	fillApplicant(s)
	if given.errText.Text != "" || given.object.MinSize().Height != heightBefore {
		t.Fatal("fixing a field moved the layout or kept its error")
	}
	given.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if w.StepIndex() != 1 {
		t.Fatalf("Enter did not press Next: step %d (%q)", w.StepIndex(), w.errText.Text)
	}
	if c.Focused() != nil {
		t.Errorf("%v keeps the focus on the next step", c.Focused())
	}
	if got := w.Draft().Applicant; got.MobilePhoneNumber != "+593991234567" || got.BirthDate != "1990-05-17" {
		t.Errorf("the draft keeps %q and %q", got.MobilePhoneNumber, got.BirthDate)
	}
}

// TestNextCustomerStartsAtTheTop: a new enrolment's form is scrolled to the top with its
// first field focused.
func TestNextCustomerStartsAtTheTop(t *testing.T) {
	w, _, win := newTestWizard(t, "oneshot")
	win.Resize(fyne.NewSize(1000, 420)) // the form is longer than the window
	s := w.steps[0].(*applicantStep)
	c := win.Canvas()
	c.Focus(s.fields[applicant.Residence].entry)
	if s.page.Offset.Y == 0 {
		t.Fatal("focusing the last field did not scroll it into view")
	}
	w.Reset()
	s = w.steps[0].(*applicantStep) // every step is rebuilt for the next customer
	if s.page.Offset.Y != 0 || c.Focused() != s.first {
		t.Fatalf("the next customer's form is scrolled to %v with %v focused", s.page.Offset.Y, c.Focused())
	}
	s.page.Offset.Y = 0
	s.fields[applicant.Residence].entry.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, -80)})
	if s.page.Offset.Y == 0 {
		t.Error("the wheel over a field does not scroll the form")
	}
}
