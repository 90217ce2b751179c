package ui

import (
	"context"
	"errors"
	"fmt"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/sync/agent"
)

// errNoStore means an action needs the local queue, which is not open.
var errNoStore = errors.New("the local queue is not open")

// attachRequest attaches the request the backend already has (its pk, as the operator
// found it at the backend) to an entry waiting for reconciliation. Audited with by.
func attachRequest(ctx context.Context, st Store, id, pk, by string) error {
	if st == nil {
		return errNoStore
	}
	e, err := st.Entry(ctx, id)
	if err != nil {
		return err
	}
	vals, err := agent.Attachment(e, pk)
	if err != nil {
		return err
	}
	return st.Reconcile(ctx, id, vals, by)
}

// askReconcile offers the operator the two ways out of "needs reconciliation": attach
// the request the backend has, or send a new one (confirmed first: it may be billed).
// Both are audited with the operator's id.
func (s *queueSection) askReconcile(id string) {
	if s.deps.Window == nil || s.deps.Store == nil {
		return
	}
	by := "operator"
	if s.operator != nil && s.operator() != "" {
		by = "operator " + s.operator()
	}
	pk := widget.NewEntry()
	pk.SetPlaceHolder(lang.L("Request number at the backend (request_pk)"))
	what := ""
	if e := s.details[id]; e.InFlight != nil {
		what = fmt.Sprintf("%s · %s", e.InFlight.What, e.InFlight.At.Local().Format("2006-01-02 15:04:05"))
	}
	var form dialog.Dialog
	newOne := widget.NewButton(lang.L("Send a new request instead…"), func() {
		form.Hide()
		dialog.ShowConfirm(lang.L("Send a new request?"),
			lang.L("The backend may already hold (and bill) the first request. Send a second one only when you checked that it does not."),
			func(yes bool) {
				if yes {
					s.act(id, actionReconcile, func(ctx context.Context, id string) error { return s.deps.Store.ReconcileCreateNew(ctx, id, by) })
				}
			}, s.deps.Window)
	})
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("Sent"), wrapped(what)),
		widget.NewFormItem(lang.L("Request number"), pk),
		widget.NewFormItem("", newOne),
	}
	form = dialog.NewForm(lang.L("Reconcile {{.ID}}", map[string]any{"ID": store.ShortID(id)}), lang.L("Attach"), lang.L("Cancel"), items,
		func(ok bool) {
			if ok {
				s.act(id, actionReconcile, func(ctx context.Context, id string) error { return attachRequest(ctx, s.deps.Store, id, pk.Text, by) })
			}
		}, s.deps.Window)
	form.Show()
}
