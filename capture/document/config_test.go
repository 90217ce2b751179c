package document

import (
	"reflect"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/config"
)

func TestFromConfigDefaultsMatchPackageDefaults(t *testing.T) {
	if got, want := FromConfig(config.Default().Document), DefaultOptions(); !reflect.DeepEqual(got, want) {
		t.Fatalf("config defaults give %+v, package defaults are %+v", got, want)
	}
}

func TestFromConfigCarriesThresholds(t *testing.T) {
	c := config.Default().Document
	c.MinSharpness, c.MaxGlare, c.BudgetBytes = 99, 0.5, 123_456
	o := FromConfig(c)
	if o.Thresholds.MinSharpness != 99 || o.Thresholds.MaxGlare != 0.5 || o.BudgetBytes != 123_456 {
		t.Fatalf("got %+v", o)
	}
}
