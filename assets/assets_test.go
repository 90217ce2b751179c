package assets

import "testing"

func TestTermsPromiseThirdParty(t *testing.T) {
	for _, l := range []string{"en", "es"} {
		_, text, err := Terms(l)
		if err != nil {
			t.Fatal(err)
		}
		if !TermsPromiseThirdParty(text) {
			t.Errorf("the %s terms promise encryption to a trusted third party, and it is not detected", l)
		}
	}
	if TermsPromiseThirdParty("Your data is kept by the bank.") {
		t.Error("a text without the promise is reported as promising")
	}
}
