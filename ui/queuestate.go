package ui

import (
	"regexp"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/store"
)

// queueState is how the queue screen words an enrolment's delivery: a label in plain
// words, the theme colour that marks it, a sentence of detail, and the raw technical text
// (the store's last error or the backend's reason) shown only behind a Details link.
type queueState struct {
	Label     string
	Role      fyne.ThemeColorName
	Detail    string
	Technical string
}

// describeEntry words e for the operator at now; paused tells whether the operator paused
// the sync worker, refused the backend's reason when e's profile is paused on refused
// credentials ("" when it is not). It is a pure function of its arguments (times are
// shown in the local zone).
func describeEntry(e store.Entry, now time.Time, paused bool, refused string) queueState {
	switch e.State {
	case store.Confirmed:
		return queueState{Label: lang.L("Delivered and confirmed"), Role: theme.ColorNameSuccess,
			Detail: lang.L("Confirmed by the backend at {{.When}}", map[string]any{"When": clock(e.Confirmed, now)})}
	case store.Rejected:
		if e.AmendedBy != "" {
			return queueState{Label: lang.L("Refused, corrected as {{.ID}}", map[string]any{"ID": store.ShortID(e.AmendedBy)}), Role: theme.ColorNameWarning,
				Detail:    lang.L("Corrected as {{.ID}}; kept until the correction is confirmed.", map[string]any{"ID": store.ShortID(e.AmendedBy)}),
				Technical: e.Reason}
		}
		return queueState{Label: lang.L("Refused by the backend: needs you"), Role: theme.ColorNameError,
			Detail:    lang.L("Open the evidence, correct it with the customer (Amend), or Retry once the cause is fixed."),
			Technical: e.Reason}
	case store.Reconcile:
		st := queueState{Label: lang.L("Needs reconciliation"), Role: theme.ColorNameError,
			Detail:    lang.L("Its answer was lost: the backend may already hold it. Press Reconcile to attach it or send a new one."),
			Technical: e.LastError}
		if e.InFlight != nil {
			st.Detail = lang.L("Sent at {{.When}} and its answer was lost: the backend may already hold it. Press Reconcile to attach it or send a new one.",
				map[string]any{"When": clock(e.InFlight.At, now)})
		}
		return st
	case store.Held:
		return queueState{Label: lang.L("On hold"), Role: theme.ColorNameWarning,
			Detail: lang.L("Held by an operator: press Release to send it.")}
	case store.Superseded:
		return queueState{Label: lang.L("Replaced by its correction"), Role: theme.ColorNameForeground,
			Detail: lang.L("Its correction {{.ID}} was confirmed.", map[string]any{"ID": store.ShortID(e.AmendedBy)}), Technical: e.Reason}
	}
	// Pending: queued, sending or delivered.
	switch {
	case refused != "":
		return queueState{Label: lang.L("Paused: credentials refused"), Role: theme.ColorNameWarning,
			Detail:    lang.L("The backend refused this kiosk's credentials. Fix them in Settings; sending resumes by itself."),
			Technical: refused}
	case paused:
		return queueState{Label: lang.L("Sending paused"), Role: theme.ColorNameWarning,
			Detail: lang.L("Nothing is sent until sending is resumed on this screen."), Technical: e.LastError}
	case e.LastError != "" && !e.NextAttempt.IsZero():
		return queueState{
			Label:     lang.L("Not delivered — retrying at {{.When}}", map[string]any{"When": clock(e.NextAttempt, now)}),
			Role:      theme.ColorNameWarning,
			Detail:    plainError(e.LastError) + " " + lang.L("Attempts so far: {{.N}}.", map[string]any{"N": e.Attempts}),
			Technical: e.LastError,
		}
	case e.State == store.Delivered || !e.WaitingSince.IsZero():
		st := queueState{Label: lang.L("Delivered — awaiting the backend's decision"), Role: theme.ColorNamePrimary}
		if !e.WaitingSince.IsZero() {
			st.Detail = lang.L("Under review by the backend since {{.Since}}. Next check at {{.When}}.",
				map[string]any{"Since": clock(e.WaitingSince, now), "When": clock(e.NextAttempt, now)})
		}
		return st
	case e.State == store.Sending:
		st := queueState{Label: lang.L("Sending"), Role: theme.ColorNamePrimary}
		if e.StepName != "" {
			st.Detail = lang.L("Step {{.N}}: {{.Name}}", map[string]any{"N": e.Step + 1, "Name": e.StepName})
		}
		return st
	}
	return queueState{Label: lang.L("Waiting to send"), Role: theme.ColorNameForeground,
		Detail: lang.L("It is sent as soon as the backend is reachable.")}
}

// clock shows t as 15:04 when it is on now's day, else with its date.
func clock(t, now time.Time) string {
	t, now = t.Local(), now.Local()
	if t.Year() == now.Year() && t.YearDay() == now.YearDay() {
		return t.Format("15:04")
	}
	return t.Format("2006-01-02 15:04")
}

// httpStatus finds the HTTP status in a delivery error ("POST /sign: HTTP 503: ...").
var httpStatus = regexp.MustCompile(`HTTP (\d{3})`)

// plainError maps a delivery error (the text the sync worker stored) to a translated
// sentence that says what happened and what to do; the raw text stays in Technical.
func plainError(raw string) string {
	low := strings.ToLower(raw)
	if m := httpStatus.FindStringSubmatch(raw); m != nil {
		switch code := m[1]; {
		case code == "401" || code == "403":
			return lang.L("The backend refused this kiosk's credentials: ask support to check them.")
		case code == "429":
			return lang.L("The backend asked the kiosk to slow down.")
		case code == "408" || code[0] == '5':
			return lang.L("The backend had a problem on its side.")
		case code[0] == '4':
			return lang.L("The backend refused the data it was sent.")
		}
	}
	switch {
	case strings.Contains(low, "x509") || strings.Contains(low, "tls") || strings.Contains(low, "certificate"):
		return lang.L("The backend's secure connection could not be checked: ask support to check its certificate.")
	case strings.Contains(low, "too slow") || strings.Contains(low, "no progress") || strings.Contains(low, "did not start its answer") ||
		strings.Contains(low, "timeout") || strings.Contains(low, "deadline exceeded"):
		return lang.L("The connection is too slow or timed out.")
	case strings.Contains(low, "credentials"):
		return lang.L("The backend refused this kiosk's credentials: ask support to check them.")
	case strings.Contains(low, "refused") || strings.Contains(low, "no such host") || strings.Contains(low, "unreachable") ||
		strings.Contains(low, "reset by peer") || strings.Contains(low, "dial ") || strings.Contains(low, "eof") ||
		strings.Contains(low, "unavailable"):
		return lang.L("The backend could not be reached: check the network.")
	case strings.Contains(low, "do not understand"):
		return lang.L("The backend sent an answer the kiosk does not understand.")
	}
	return lang.L("The delivery failed.")
}

// roleImportance is the label importance that draws a state in its colour role.
func roleImportance(role fyne.ThemeColorName) widget.Importance {
	switch role {
	case theme.ColorNameSuccess:
		return widget.SuccessImportance
	case theme.ColorNameError:
		return widget.DangerImportance
	case theme.ColorNameWarning:
		return widget.WarningImportance
	case theme.ColorNamePrimary:
		return widget.HighImportance
	}
	return widget.MediumImportance
}
