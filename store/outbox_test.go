package store

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// sealOne seals a small enrolment and returns its id.
func sealOne(t testing.TB, d *DB) string {
	t.Helper()
	e, err := d.Seal(context.Background(), sampleEnrolment(), []EvidenceInput{Bytes(DocumentFront, "image/jpeg", blob(9, 1000))})
	if err != nil {
		t.Fatal(err)
	}
	return e.ID
}

func TestOutboxHappyPath(t *testing.T) {
	ctx := context.Background()
	clock := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	d := openTest(t, t.TempDir(), Options{Now: func() time.Time { return clock }})
	id := sealOne(t, d)
	steps := []func() error{
		func() error { return d.MarkSending(ctx, id, 0, "create") },
		func() error { return d.SaveStepResult(ctx, id, 0, map[string]string{"request_pk": "42"}) },
		func() error { return d.RecordAttempt(ctx, id, "HTTP 503", clock.Add(time.Minute)) },
		func() error { return d.MarkSending(ctx, id, 1, "evidences") },
		func() error { return d.SaveStepResult(ctx, id, 1, map[string]string{"videoid_pk": "7"}) },
		func() error { return d.MarkDelivered(ctx, id) },
		func() error { return d.MarkConfirmed(ctx, id) },
	}
	for i, s := range steps {
		if err := s(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	e, err := d.Entry(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if e.State != Confirmed || e.Step != 1 || e.Results["request_pk"] != "42" || e.Results["videoid_pk"] != "7" || !e.Confirmed.Equal(clock) {
		t.Fatalf("entry = %+v", e)
	}
	if c := d.Counts(); c[Confirmed] != 1 || c[Queued] != 0 || c[Sending] != 0 {
		t.Fatalf("counts = %v", c)
	}
}

func TestStepResultSurvivesReopen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d, _ := Open(ctx, dir, Options{})
	id := sealOne(t, d)
	d.MarkSending(ctx, id, 0, "create")
	if err := d.SaveStepResult(ctx, id, 0, map[string]string{"request_pk": "abc"}); err != nil {
		t.Fatal(err)
	}
	d.Close()
	d = openTest(t, dir, Options{})
	e, err := d.Entry(ctx, id)
	if err != nil || e.Results["request_pk"] != "abc" || e.State != Sending {
		t.Fatalf("after reopen: %+v %v", e, err)
	}
	if d.Counts()[Sending] != 1 {
		t.Fatalf("counts after reopen: %v", d.Counts())
	}
}

func TestDueHonoursBackoffAndHold(t *testing.T) {
	ctx := context.Background()
	clock := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	d := openTest(t, t.TempDir(), Options{Now: func() time.Time { return clock }})
	a, b, c := sealOne(t, d), sealOne(t, d), sealOne(t, d)
	d.RecordAttempt(ctx, a, "timeout", clock.Add(time.Hour))
	d.Hold(ctx, b)
	due, err := d.Due(ctx, 0)
	if err != nil || len(due) != 1 || due[0].ID != c {
		t.Fatalf("due = %+v, %v; want only %s", due, err, c)
	}
	d.Release(ctx, b)
	d.Retry(ctx, a)
	if due, _ := d.Due(ctx, 0); len(due) != 3 {
		t.Fatalf("after release and retry %d due, want 3", len(due))
	}
	if e, _ := d.Entry(ctx, a); e.Attempts != 0 || e.LastError != "" {
		t.Fatalf("retry kept backoff: %+v", e)
	}
}

func TestRejectThenRetryKeepsResults(t *testing.T) {
	ctx := context.Background()
	d := openTest(t, t.TempDir(), Options{})
	id := sealOne(t, d)
	d.MarkSending(ctx, id, 2, "video")
	d.SaveStepResult(ctx, id, 2, map[string]string{"request_pk": "1"})
	if err := d.Reject(ctx, id, "document_front: image too blurry"); err != nil {
		t.Fatal(err)
	}
	if e, _ := d.Entry(ctx, id); e.State != Rejected || e.Reason == "" {
		t.Fatalf("after reject: %+v", e)
	}
	if err := d.Retry(ctx, id); err != nil {
		t.Fatal(err)
	}
	e, _ := d.Entry(ctx, id)
	if e.State != Sending || e.Step != 2 || e.Results["request_pk"] != "1" || e.Reason != "" {
		t.Fatalf("after retry: %+v", e)
	}
}

func TestLateStepResultOfHeldEntryIsKept(t *testing.T) {
	ctx := context.Background()
	d := openTest(t, t.TempDir(), Options{})
	id := sealOne(t, d)
	d.MarkSending(ctx, id, 0, "create")
	d.Hold(ctx, id) // the operator pauses while the request is in flight
	if err := d.SaveStepResult(ctx, id, 0, map[string]string{"request_pk": "9"}); err != nil {
		t.Fatalf("late result refused: %v", err)
	}
	if err := d.MarkSending(ctx, id, 1, "evidences"); !errors.Is(err, ErrTransition) {
		t.Fatalf("worker went on with a held entry: %v", err)
	}
	d.Release(ctx, id)
	if e, _ := d.Entry(ctx, id); e.State != Sending || e.Results["request_pk"] != "9" {
		t.Fatalf("after release: %+v", e)
	}
}

func TestInvalidTransitionsChangeNothing(t *testing.T) {
	ctx := context.Background()
	d := openTest(t, t.TempDir(), Options{})
	id := sealOne(t, d)
	bad := map[string]func() error{
		"confirm queued":   func() error { return d.MarkConfirmed(ctx, id) },
		"release queued":   func() error { return d.Release(ctx, id) },
		"step backwards":   func() error { d.MarkSending(ctx, id, 3, "x"); return d.MarkSending(ctx, id, 1, "y") },
		"empty step":       func() error { return d.SaveStepResult(ctx, id, 3, nil) },
		"retry confirmed":  func() error { d.MarkDelivered(ctx, id); d.MarkConfirmed(ctx, id); return d.Retry(ctx, id) },
		"reject confirmed": func() error { return d.Reject(ctx, id, "late") },
		"hold confirmed":   func() error { return d.Hold(ctx, id) },
	}
	for _, name := range []string{"confirm queued", "release queued", "step backwards", "empty step", "retry confirmed", "reject confirmed", "hold confirmed"} {
		err := bad[name]()
		if !errors.Is(err, ErrTransition) && !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	if e, _ := d.Entry(ctx, id); e.State != Confirmed || e.Step != 3 {
		t.Fatalf("entry = %+v", e)
	}
	if err := d.MarkSending(ctx, "00000000-0000-0000-0000-000000000000", 0, "x"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown id: %v", err)
	}
}

func TestWatchSeesEveryChange(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	d := openTest(t, t.TempDir(), Options{})
	ch := d.Watch(ctx)
	id := sealOne(t, d)
	d.MarkSending(ctx, id, 0, "create")
	d.Hold(ctx, id)
	want := []State{Queued, Sending, Held}
	for i, s := range want {
		c := <-ch
		if c.ID != id || c.State != s {
			t.Fatalf("change %d = %+v, want %s", i, c, s)
		}
	}
	cancel()
	for range ch { // closed after cancel
	}
}

func TestWatchEndsWhenStoreCloses(t *testing.T) {
	dir := t.TempDir()
	d, err := Open(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ch := d.Watch(context.Background())
	d.Close()
	for range ch { // closed by Close
	}
	if _, ok := <-d.Watch(context.Background()); ok {
		t.Fatal("Watch after Close returned an open channel")
	}
	checkBolt(t, filepath.Join(dir, FileName))
}

func TestSlowWatcherKeepsLatest(t *testing.T) {
	ctx := context.Background()
	d := openTest(t, t.TempDir(), Options{})
	ch := d.Watch(ctx)
	id := sealOne(t, d)
	for i := range watchBuffer + 10 {
		if err := d.MarkSending(ctx, id, i, "s"); err != nil {
			t.Fatal(err)
		}
	}
	var last Change
	for range watchBuffer {
		last = <-ch
	}
	if last.Step != watchBuffer+9 {
		t.Fatalf("last change seen has step %d, want %d", last.Step, watchBuffer+9)
	}
}

func TestResolveShortID(t *testing.T) {
	ctx := context.Background()
	d := openTest(t, t.TempDir(), Options{})
	id := sealOne(t, d)
	if got, err := d.Resolve(ctx, ShortID(id)); err != nil || got != id {
		t.Fatalf("Resolve(%s) = %q, %v", ShortID(id), got, err)
	}
	other := "0"
	if id[0] == '0' {
		other = "1"
	}
	if _, err := d.Resolve(ctx, other+id[1:8]); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown: %v", err)
	}
	if _, err := d.Resolve(ctx, "ab"); !errors.Is(err, ErrInvalid) {
		t.Fatalf("too short: %v", err)
	}
}

func TestDraftsAndValues(t *testing.T) {
	ctx := context.Background()
	d := openTest(t, t.TempDir(), Options{})
	if _, err := d.LoadDraft(ctx, "current"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing draft: %v", err)
	}
	d.SaveDraft(ctx, "current", []byte("step 1"))
	d.SaveDraft(ctx, "current", []byte("step 2"))
	if b, err := d.LoadDraft(ctx, "current"); err != nil || string(b) != "step 2" {
		t.Fatalf("draft = %q, %v", b, err)
	}
	d.DeleteDraft(ctx, "current")
	if _, err := d.LoadDraft(ctx, "current"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("deleted draft: %v", err)
	}
	if err := d.PutValue(ctx, "operator_verifier", []byte("v1")); err != nil {
		t.Fatal(err)
	}
	if b, err := d.Value(ctx, "operator_verifier"); err != nil || string(b) != "v1" {
		t.Fatalf("value = %q, %v", b, err)
	}
	if _, err := d.LoadDraft(ctx, "operator_verifier"); err == nil {
		t.Fatal("a value is readable as a draft")
	}
	if err := d.PutValue(ctx, "", nil); !errors.Is(err, ErrInvalid) {
		t.Fatalf("empty name: %v", err)
	}
}

// TestPostponeCountsNoFailure checks that a wait on the backend (a status poll still
// under review) moves the next attempt without counting a failure, while RecordAttempt
// still counts real ones; the bbolt check runs on the file when the test ends.
func TestPostponeCountsNoFailure(t *testing.T) {
	ctx := context.Background()
	clock := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	d := openTest(t, t.TempDir(), Options{Now: func() time.Time { return clock }})
	id := sealOne(t, d)
	d.MarkSending(ctx, id, 0, "create")
	d.SaveStepResult(ctx, id, 1, map[string]string{"request_pk": "42"})
	if err := d.MarkDelivered(ctx, id); err != nil {
		t.Fatal(err)
	}
	if err := d.RecordAttempt(ctx, id, "step status: HTTP 503", clock.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if e, _ := d.Entry(ctx, id); e.Attempts != 1 || e.LastError == "" {
		t.Fatalf("after a failed poll: attempts %d error %q, want 1 and the error", e.Attempts, e.LastError)
	}
	audit := func() int {
		n := 0
		if err := d.Audit(ctx, 0, func(AuditEntry) error { n++; return nil }); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := audit()
	start := clock
	for i := 1; i <= 3; i++ {
		clock = start.Add(time.Duration(i) * time.Second)
		next := clock.Add(5 * time.Second)
		if err := d.Postpone(ctx, id, "status (VIDEOREVIEW)", next); err != nil {
			t.Fatalf("poll %d: %v", i, err)
		}
		e, err := d.Entry(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if e.State != Delivered || e.Attempts != 0 || e.LastError != "" || !e.NextAttempt.Equal(next) ||
			e.StepName != "status (VIDEOREVIEW)" || e.Step != 1 || e.Results["request_pk"] != "42" ||
			!e.WaitingSince.Equal(start.Add(time.Second)) {
			t.Fatalf("after poll %d: %+v", i, e)
		}
	}
	if due, _ := d.Due(ctx, 0); len(due) != 0 {
		t.Errorf("a postponed entry is due before its time: %+v", due)
	}
	if n := audit(); n != before {
		t.Errorf("%d audit entries for 3 polls, want none", n-before)
	}
	if err := d.RecordAttempt(ctx, id, "step status: timeout", clock.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if e, _ := d.Entry(ctx, id); e.Attempts != 1 || e.WaitingSince.IsZero() {
		t.Errorf("a failure after polls: %d attempts, waiting since %v; want 1, and the wait kept", e.Attempts, e.WaitingSince)
	}
	if err := d.Retry(ctx, id); err != nil {
		t.Fatal(err)
	}
	if e, _ := d.Entry(ctx, id); !e.WaitingSince.IsZero() {
		t.Errorf("an operator retry kept the wait from %v: the next poll would not be at once", e.WaitingSince)
	}
	d.MarkConfirmed(ctx, id)
	if err := d.Postpone(ctx, id, "", clock); !errors.Is(err, ErrTransition) {
		t.Errorf("Postpone of a confirmed entry = %v, want ErrTransition", err)
	}
}

// TestClockSetBackMakesWaitsDue parks an entry for an hour, then sets the clock back
// three hours, as NTP does to a laptop whose clock ran ahead while offline: the wait was
// computed on a wrong clock, so the entry is due at once instead of in four hours. A
// small step back (under a minute) still honours the wait.
func TestClockSetBackMakesWaitsDue(t *testing.T) {
	ctx := context.Background()
	clock := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	d := openTest(t, t.TempDir(), Options{Now: func() time.Time { return clock }})
	id := sealOne(t, d)
	if err := d.RecordAttempt(ctx, id, "HTTP 503", clock.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	set := clock
	for _, tc := range []struct {
		at  time.Duration
		due bool
	}{{0, false}, {30 * time.Minute, false}, {-30 * time.Second, false}, {-3 * time.Hour, true}, {time.Hour, true}} {
		clock = set.Add(tc.at)
		due, err := d.Due(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(due) == 1 && due[0].ID == id; got != tc.due {
			t.Errorf("clock at %+v from the attempt: due %v, want %v", tc.at, got, tc.due)
		}
	}
}

// TestListReportsUnreadableEntries damages one outbox entry on disk: List returns the
// others and an UnreadableError naming it, whatever the filter (its state is unknown),
// both when the damage was there at Open and when it came after; Due goes on without it.
func TestListReportsUnreadableEntries(t *testing.T) {
	ctx := context.Background()
	// flip damages the outbox entry of id (its ciphertext no longer authenticates).
	flip := func(tx *bolt.Tx, id string) error {
		ob := tx.Bucket(bucketOutbox)
		v := append([]byte(nil), ob.Get([]byte(id))...)
		v[len(v)-1] ^= 1
		return ob.Put([]byte(id), v)
	}
	check := func(when string, d *DB, ids []string) {
		t.Helper()
		for _, f := range []Filter{{}, {States: []State{Queued}}, {States: []State{Confirmed}}} {
			l, err := d.List(ctx, f)
			ue, ok := errors.AsType[*UnreadableError](err)
			if !ok || !slices.Equal(ue.IDs, ids[1:2]) || !errors.Is(err, ErrTampered) {
				t.Fatalf("%s: List(%v) error %v, want an UnreadableError naming %s", when, f.States, err, ShortID(ids[1]))
			}
			want := 2
			if len(f.States) > 0 && f.States[0] == Confirmed {
				want = 0
			}
			if len(l) != want {
				t.Fatalf("%s: List(%v) returned %d entries, want the %d readable ones", when, f.States, len(l), want)
			}
			if !strings.Contains(err.Error(), "1 queue entry could not be read") {
				t.Fatalf("%s: the error %q does not say how many entries could not be read", when, err)
			}
		}
		due, err := d.Due(ctx, 10)
		if err != nil || len(due) != 2 {
			t.Fatalf("%s: Due = %d entries, %v; want the 2 readable ones and no error", when, len(due), err)
		}
	}
	seal3 := func(d *DB) (ids []string) {
		for range 3 {
			ids = append(ids, sealOne(t, d))
		}
		return ids
	}

	dir := t.TempDir()
	d := openTest(t, dir, Options{})
	ids := seal3(d)
	d.Close()
	tamper(t, dir, func(tx *bolt.Tx) error { return flip(tx, ids[1]) })
	d = openTest(t, dir, Options{})
	check("damaged before Open", d, ids)
	if c := d.Counts(); c[Queued] != 2 {
		t.Fatalf("counts %v, want the 2 readable entries queued", c)
	}

	// Damaged after Open: the entry is known as queued, and List must not hide it either.
	d = openTest(t, t.TempDir(), Options{})
	ids = seal3(d)
	if err := d.bolt.Update(func(tx *bolt.Tx) error { return flip(tx, ids[1]) }); err != nil {
		t.Fatal(err)
	}
	check("damaged after Open", d, ids)
}
