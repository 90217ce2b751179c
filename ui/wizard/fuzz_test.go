package wizard

import (
	"testing"
)

// FuzzParseDraft feeds damaged drafts (a draft comes back from disk after a crash): none
// may panic, and an accepted one has an id and this version.
func FuzzParseDraft(f *testing.F) {
	good, _ := (&Draft{ID: "5eed0000-0000-4000-8000-000000000001", Step: 3}).marshal()
	f.Add(good)
	f.Add([]byte(`{"version":1}`))
	f.Add([]byte(`{"version":2,"id":"x"}`))
	f.Add([]byte(`{"version":1,"id":"x","step":-5,"front":"!!"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := parseDraft(b)
		if err == nil && (d.ID == "" || d.Version != draftVersion) {
			t.Fatalf("accepted %q", b)
		}
	})
}

func TestOfferClampsTheStep(t *testing.T) {
	w, fs, _ := newTestWizard(t, "oneshot")
	b, _ := (&Draft{ID: "5eed0000-0000-4000-8000-000000000002", Step: 99, Operator: "rao-7"}).marshal()
	fs.drafts[DraftFor("rao-7")] = b
	if offered, err := offer(t, w); err != nil || !offered {
		t.Fatal(offered, err)
	}
	w.resume.resume.OnTapped()
	if w.StepIndex() != len(w.steps)-1 {
		t.Fatalf("a draft at step 99 resumed at %d", w.StepIndex())
	}
	fs.drafts[DraftFor("rao-7")] = []byte("{not json")
	w2 := New(w.opts)
	offered, err := offer(t, w2)
	if err == nil || !offered || w2.resume.resume.Visible() || !w2.resume.discard.Visible() {
		t.Fatalf("a damaged draft: offered %v, err %v, resume shown %v", offered, err, w2.resume.resume.Visible())
	}
	w2.resume.discard.OnTapped()
	w2.resume.delete.OnTapped()
	settle(t, w2)
	if _, ok := fs.drafts[DraftFor("rao-7")]; ok {
		t.Fatal("Discard kept the damaged draft")
	}
}
