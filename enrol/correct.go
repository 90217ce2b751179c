package enrol

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/enrolkiosk/enrolkiosk/enrol/applicant"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// ErrCorrection means an operator's correction of applicant data cannot be applied: an
// unknown field, or a value the applicant rules refuse (each field named).
var ErrCorrection = errors.New("the correction cannot be applied")

// Correct returns a with the fields in set (by their JSON names, as applicant.json and
// enrolctl use them: "email", "serial_number"...) replaced, normalized and checked by the
// applicant rules of profile, as the wizard's form does. It is the one path of an
// amendment's applicant data (enrolctl queue amend, the queue screen's Amend).
func Correct(profile string, a store.Applicant, set map[string]string, now time.Time) (store.Applicant, error) {
	v := reflect.ValueOf(&a).Elem()
	t := v.Type()
	byName := map[string]int{}
	for i := range t.NumField() {
		byName[strings.Split(t.Field(i).Tag.Get("json"), ",")[0]] = i
	}
	for name, val := range set {
		i, ok := byName[name]
		if !ok {
			return a, fmt.Errorf("%w: no applicant field %q (fields: %s)", ErrCorrection, name, strings.Join(applicant.Fields(), ", "))
		}
		v.Field(i).SetString(val)
	}
	a = applicant.Normalize(a)
	if errs := applicant.Validate(profile, a, now); len(errs) > 0 {
		var msgs []string
		for _, f := range errs.Fields() {
			msgs = append(msgs, f+": "+errs[f].Error())
		}
		return a, fmt.Errorf("%w: %s", ErrCorrection, strings.Join(msgs, "; "))
	}
	return a, nil
}
