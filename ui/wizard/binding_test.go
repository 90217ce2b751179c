package wizard

import (
	"crypto/ed25519"
	"crypto/rand"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/capture/signature/biodata"
	"github.com/enrolkiosk/enrolkiosk/enrol"
	"github.com/enrolkiosk/enrolkiosk/store"
)

func TestBiometricDataBoundToThisTransactionAndSigned(t *testing.T) {
	w, _, _ := newTestWizard(t, "oneshot")
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	w.opts.DeviceKey = priv
	walk(t, w, testJPEG(t), testVideo(2000))
	d := w.Draft()
	a, err := enrol.Assemble(t.Context(), w.pieces(d), enrol.Options{DeviceKey: w.opts.DeviceKey})
	if err != nil {
		t.Fatal(err)
	}
	var bio []byte
	for _, e := range a.Evidence {
		if e.Kind == store.BiometricData {
			bio = e.Data
		}
	}
	env, err := biodata.Parse(bio)
	if err != nil {
		t.Fatal(err)
	}
	rec, _ := store.ApplicantRecord(d.Applicant)
	want := biodata.NewBinding(store.SHA256Hex([]byte(w.opts.Terms.Text)), d.ID, rec, d.Front, d.Rear)
	if env.Binding == nil || *env.Binding != want || d.Acceptance.TermsSHA256 != want.TermsSHA256 {
		t.Fatalf("binding %+v, want %+v (acceptance terms %s)", env.Binding, want, d.Acceptance.TermsSHA256)
	}
	if err := env.VerifyDevice(pub); err != nil {
		t.Fatal(err)
	}
}
