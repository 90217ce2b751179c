package agent

import (
	"errors"
	"fmt"
	"strings"

	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/sync/oneshot"
	"github.com/enrolkiosk/enrolkiosk/sync/people"
	"github.com/enrolkiosk/enrolkiosk/sync/signal"
)

// ErrCannotAttach means an operator's reconciliation does not fit the entry: it is not
// waiting for one, or the id given is not a backend id.
var ErrCannotAttach = errors.New("cannot attach that request")

// attachKeys names, per Blind step, the saved value the lost answer would have carried.
var attachKeys = map[string]string{
	oneshot.StepCreate: "request_pk",
	signal.StepSign:    "sign_pk",
	people.StepContact: "contact_id",
}

// Attachment returns the values that attach the backend's request pk (its id as the
// backend shows it: a One-Shot request_pk, a Signal sign pk, a People contact id) to an
// entry waiting for reconciliation, for store.DB.Reconcile.
func Attachment(e store.Entry, pk string) (map[string]string, error) {
	if e.State != store.Reconcile || e.InFlight == nil {
		return nil, fmt.Errorf("%w: enrolment %s is %s, not waiting for reconciliation", ErrCannotAttach, e.ShortID(), e.State)
	}
	key, ok := attachKeys[e.InFlight.Name]
	if !ok {
		return nil, fmt.Errorf("%w: step %s has no request id to attach; use --create-new", ErrCannotAttach, e.InFlight.Name)
	}
	pk = strings.TrimSpace(pk)
	if key != "contact_id" && (pk == "" || len(pk) > 19 || strings.Trim(pk, "0123456789") != "" || pk[0] == '0') {
		return nil, fmt.Errorf("%w: %q is not a request pk (a positive number, as the backend shows it)", ErrCannotAttach, pk)
	}
	if pk == "" || strings.ContainsAny(pk, "/?#% ") {
		return nil, fmt.Errorf("%w: %q is not a backend id", ErrCannotAttach, pk)
	}
	return map[string]string{key: pk}, nil
}
