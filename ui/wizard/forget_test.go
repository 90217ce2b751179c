package wizard

import (
	"bytes"
	"image"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// leakFinder looks through everything reachable from its roots (struct fields, pointers,
// slices, maps, interfaces, unexported ones included) for a customer's strings, bytes and
// signature samples.
type leakFinder struct {
	strs  []string
	blobs [][]byte
	seen  map[leakVisit]bool
	found []string
}

type leakVisit struct {
	p uintptr
	t reflect.Type
}

// skipped are types whose contents are not the screen's: the wizard's options reach the
// store (which keeps sealed enrolments by design) and the window.
var skippedTypes = map[reflect.Type]bool{reflect.TypeFor[Options](): true}

var sampleSlice = reflect.TypeFor[[]signature.Sample]()

func (f *leakFinder) find(path string, v reflect.Value, depth int) {
	if !v.IsValid() || depth > 200 || len(f.found) > 20 {
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice:
		if v.IsNil() {
			return
		}
		k := leakVisit{v.Pointer(), v.Type()}
		if f.seen[k] {
			return
		}
		f.seen[k] = true
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		f.find(path, v.Elem(), depth+1)
	case reflect.Struct:
		if skippedTypes[v.Type()] {
			return
		}
		for i := range v.NumField() {
			f.find(path+"."+v.Type().Field(i).Name, v.Field(i), depth+1)
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			if v.Kind() == reflect.Array {
				return // fixed-size arrays hold hashes and keys, not pictures
			}
			b := v.Bytes()
			for _, needle := range f.blobs {
				if bytes.Contains(b, needle) {
					f.found = append(f.found, path+": customer bytes")
				}
			}
			return
		}
		if v.Type() == sampleSlice && v.Len() > 0 {
			f.found = append(f.found, path+": signature samples")
		}
		for i := range v.Len() {
			f.find(path, v.Index(i), depth+1)
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			f.find(path+"[key]", it.Key(), depth+1)
			f.find(path+"[]", it.Value(), depth+1)
		}
	case reflect.String:
		s := v.String()
		for _, needle := range f.strs {
			if strings.Contains(s, needle) {
				f.found = append(f.found, path+": "+needle)
			}
		}
	}
}

// objects returns every canvas object of the tree under o, the widgets' rendered parts
// included, hidden or not.
func objects(o fyne.CanvasObject, out []fyne.CanvasObject) []fyne.CanvasObject {
	if o == nil {
		return out
	}
	out = append(out, o)
	switch o := o.(type) {
	case *fyne.Container:
		for _, c := range o.Objects {
			out = objects(c, out)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(o).Objects() {
			out = objects(c, out)
		}
	}
	return out
}

// leaks returns where the wizard still holds something of the customer: any widget of
// the tree on screen or of any step (hidden ones too), and anything the wizard itself
// keeps in memory.
func leaks(w *Wizard, strs []string, blobs [][]byte) []string {
	f := &leakFinder{strs: strs, blobs: blobs, seen: map[leakVisit]bool{}}
	roots := objects(w.Object(), nil)
	for _, s := range w.steps {
		roots = objects(s.object(), roots)
	}
	for _, o := range roots {
		f.find(reflect.TypeOf(o).String(), reflect.ValueOf(o), 0)
	}
	f.find("wizard", reflect.ValueOf(w), 0)
	return f.found
}

// TestNothingOfTheCustomerOutlivesTheEnrolment walks a whole enrolment, then ends it by
// sealing, cancelling or locking, and looks through every widget (each step, the hidden
// ones included, and their rendered parts) and everything the wizard keeps for the
// customer's name, ID number, e-mail, birth date, picture (as JPEG and decoded), video and
// signature samples: none may be left, and the clipboard is empty.
func TestNothingOfTheCustomerOutlivesTheEnrolment(t *testing.T) {
	jpg := testJPEG(t)
	decoded, _, err := image.Decode(bytes.NewReader(jpg))
	if err != nil {
		t.Fatal(err)
	}
	y := decoded.(*image.YCbCr).Y
	// A clip that plays (the seal decodes it), padded with a Void element of noise: the
	// noise is what the finder looks for.
	video := testVideo(6000)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := len(selfieClip) + 9; i < len(video); i++ {
		video[i] = byte(rng.Uint32())
	}
	strs := []string{"Ana María", "Pérez", "1710034065", "ana@example.com", "1990-05-17", "99 123 4567"}
	blobs := [][]byte{jpg[len(jpg)/2 : len(jpg)/2+64], y[:256], video[len(video)-64:]}

	for _, end := range []struct {
		name string
		end  func(t *testing.T, w *Wizard)
	}{
		{"seal", func(t *testing.T, w *Wizard) {
			sealed := make(chan store.Enrolment, 1)
			w.opts.OnSealed = func(e store.Enrolment) { sealed <- e }
			w.Next()
			<-sealed
			if got := leaks(w, strs, blobs); len(got) > 0 { // the confirmation is up
				t.Errorf("after the seal, before Next customer:\n%s", strings.Join(got, "\n"))
			}
			w.Reset() // Next customer
		}},
		{"cancel", func(t *testing.T, w *Wizard) { w.Cancel() }},
		{"lock", func(t *testing.T, w *Wizard) { w.Suspend() }},
	} {
		t.Run(end.name, func(t *testing.T) {
			w, _, _ := newTestWizard(t, "oneshot")
			fyne.CurrentApp().Clipboard().SetContent("ana@example.com")
			walk(t, w, jpg, video)
			if got := leaks(w, strs, blobs); len(got) == 0 {
				t.Fatal("the finder sees nothing of the customer on the review step: it is blind")
			}
			end.end(t, w)
			if got := leaks(w, strs, blobs); len(got) > 0 {
				t.Errorf("after %s the wizard still holds:\n%s", end.name, strings.Join(got, "\n"))
			}
			if c := fyne.CurrentApp().Clipboard().Content(); c != "" {
				t.Errorf("the clipboard still holds %q", c)
			}
			if w.StepIndex() != 0 || !w.stepView.Visible() {
				t.Errorf("the next customer does not start on a clean first step")
			}
		})
	}
}

// A draft belongs to the operator who made it: it is offered to them only, and another
// operator's enrolment does not overwrite it.
func TestDraftOfferedToItsOperatorOnly(t *testing.T) {
	w, fs, _ := newTestWizard(t, "oneshot")
	who := "rao-7"
	w.opts.Operator = func() string { return who }
	fillApplicant(w.steps[0].(*applicantStep))
	w.Next()
	w.Suspend() // the lock

	who = "rao-8"
	other := New(w.opts)
	if offered, err := offer(t, other); offered || err != nil {
		t.Fatalf("rao-7's draft offered to rao-8: %v, %v", offered, err)
	}
	other.steps[0].(*applicantStep).fields["given_name"].entry.SetText("Luis")
	other.Next()
	other.Suspend()
	if len(fs.drafts) != 2 {
		t.Fatalf("%d drafts kept, want one per operator", len(fs.drafts))
	}
	for name := range fs.drafts {
		if strings.Contains(name, "rao") {
			t.Errorf("a draft name holds the operator id: %q", name)
		}
	}

	who = "rao-7"
	back := New(w.opts)
	if offered, err := offer(t, back); !offered || err != nil {
		t.Fatalf("rao-7's own draft not offered: %v, %v", offered, err)
	}
	test.Tap(back.resume.resume)
	if back.Draft().Applicant.GivenName != "Ana María" || back.Draft().Operator != "rao-7" {
		t.Fatalf("resumed %+v", back.Draft().Applicant)
	}
}

// A draft an earlier version kept under the one shared name is offered to the operator
// who made it (and moved to their name), never to another.
func TestSharedDraftOfEarlierVersion(t *testing.T) {
	w, fs, _ := newTestWizard(t, "oneshot")
	b, _ := (&Draft{ID: "5eed0000-0000-4000-8000-000000000003", Operator: "rao-9"}).marshal()
	fs.drafts[DraftName] = b
	if offered, _ := offer(t, New(w.opts)); offered {
		t.Fatal("rao-9's draft offered to rao-7")
	}
	w.opts.Operator = func() string { return "rao-9" }
	if offered, err := offer(t, New(w.opts)); !offered || err != nil {
		t.Fatalf("rao-9's draft not offered to rao-9: %v, %v", offered, err)
	}
	if _, ok := fs.drafts[DraftName]; ok {
		t.Error("the shared draft was not moved to its operator")
	}
	if _, ok := fs.drafts[DraftFor("rao-9")]; !ok {
		t.Error("the draft is not under its operator's name")
	}
}
