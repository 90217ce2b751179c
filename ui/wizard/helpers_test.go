package wizard

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/enrolkiosk/enrolkiosk/capture/document"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// fakeStore is a hand-written Store with function fields; nil fields keep state in memory.
type fakeStore struct {
	mu     sync.Mutex
	drafts map[string][]byte
	sealed []store.Enrolment
	kinds  [][]store.EvidenceKind
	sealFn func(store.Enrolment) error
	// saveFn and loadFn, when set, run before a draft is saved or loaded; an error fails it.
	saveFn, loadFn func() error
	saves          int // drafts written
}

var _ Store = (*fakeStore)(nil)

func newFakeStore() *fakeStore { return &fakeStore{drafts: map[string][]byte{}} }

func (f *fakeStore) SaveDraft(_ context.Context, name string, b []byte) error {
	if f.saveFn != nil {
		if err := f.saveFn(); err != nil {
			return err
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.drafts[name] = append([]byte(nil), b...)
	f.saves++
	return nil
}

func (f *fakeStore) LoadDraft(_ context.Context, name string) ([]byte, error) {
	if f.loadFn != nil {
		if err := f.loadFn(); err != nil {
			return nil, err
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	b, ok := f.drafts[name]
	if !ok {
		return nil, store.ErrNotFound
	}
	return b, nil
}

func (f *fakeStore) DeleteDraft(_ context.Context, name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.drafts, name)
	return nil
}

func (f *fakeStore) Seal(_ context.Context, e store.Enrolment, ev []store.EvidenceInput) (store.Enrolment, error) {
	if f.sealFn != nil {
		if err := f.sealFn(e); err != nil {
			return store.Enrolment{}, err
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	var kinds []store.EvidenceKind
	for _, in := range ev {
		kinds = append(kinds, in.Kind)
		e.Evidence = append(e.Evidence, store.Evidence{Kind: in.Kind, ContentType: in.ContentType})
	}
	f.sealed = append(f.sealed, e)
	f.kinds = append(f.kinds, kinds)
	return e, nil
}

func (f *fakeStore) draft(t *testing.T) *Draft {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	b, ok := f.drafts[DraftFor("rao-7")]
	if !ok {
		t.Fatal("no draft saved")
	}
	d, err := parseDraft(b)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// clock is a test clock that moves 20 ms at every reading.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(20 * time.Millisecond)
	return c.t
}

// newTestWizard builds a wizard in a test window.
func newTestWizard(t testing.TB, profile string) (*Wizard, *fakeStore, fyne.Window) {
	t.Helper()
	newSerialApp(t)
	fs := newFakeStore()
	c := &clock{t: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)}
	w := New(Options{
		Store: fs, Profile: profile, Branch: "quito-1", Operator: func() string { return "rao-7" },
		Device: "inst-1", UserAgent: "EnrolKiosk/test", Terms: Terms{Version: "T-1", Text: "# Terms\n\nI accept."},
		Document: document.DefaultOptions(), Now: c.now,
	})
	win := test.NewTempWindow(t, w.Object())
	win.Resize(fyne.NewSize(1000, 720))
	return w, fs, win
}

// testJPEG is a small picture standing in for a processed document.
func testJPEG(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 40))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7)
	}
	img.Set(1, 1, color.White)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// fillApplicant types a valid Ecuadorian applicant into the form.
func fillApplicant(s *applicantStep) {
	s.docType.SetSelectedIndex(0)
	for name, v := range map[string]string{
		"given_name": "Ana María", "surname_1": "Pérez", "id_document_country": "ec",
		"serial_number": "1710034065", "email": "ana@example.com", "mobile_phone_number": "+593 99 123 4567",
		"birth_date": "1990-05-17",
	} {
		s.fields[name].entry.SetText(v)
	}
}

// sign draws a looping signature on the signer's pad with pointer events.
func sign(v *signerView) {
	p := v.pad
	size := p.Size()
	at := func(i int) fyne.Position {
		a := float64(i) / 8
		return fyne.NewPos(size.Width*(0.2+0.6*float32(i)/60), size.Height*(0.5+0.25*float32(math.Sin(a))))
	}
	p.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: at(0)}, Button: desktop.MouseButtonPrimary})
	for i := 1; i <= 60; i++ {
		prev, cur := at(i-1), at(i)
		p.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: cur}, Dragged: fyne.NewDelta(cur.X-prev.X, cur.Y-prev.Y)})
	}
	p.DragEnd()
	p.MouseUp(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: at(60)}, Button: desktop.MouseButtonPrimary})
}

// settle waits until the wizard's draft saves and deletes asked so far have reached the
// store.
func settle(t testing.TB, w *Wizard) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := w.drafts.wait(ctx); err != nil {
		t.Fatalf("the draft I/O did not finish: %v", err)
	}
}

// offer calls Offer and waits for its answer.
func offer(t testing.TB, w *Wizard) (bool, error) {
	t.Helper()
	type answer struct {
		offered bool
		err     error
	}
	got := make(chan answer, 1)
	w.Offer(context.Background(), func(offered bool, err error) { got <- answer{offered, err} })
	select {
	case a := <-got:
		return a.offered, a.err
	case <-time.After(10 * time.Second):
		t.Fatal("Offer did not answer")
		return false, nil
	}
}
