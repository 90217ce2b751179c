package sync_test

import (
	"context"
	"errors"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/store/storetest"
	ksync "github.com/enrolkiosk/enrolkiosk/sync"
	"github.com/enrolkiosk/enrolkiosk/sync/api"
	"github.com/enrolkiosk/enrolkiosk/sync/internal/sandboxtest"
	"github.com/enrolkiosk/enrolkiosk/sync/retry"
)

// fakeProfile is a hand-written profile whose steps and poll are function fields.
type fakeProfile struct {
	steps []ksync.Step
	poll  func(ctx context.Context, j *ksync.Job) (ksync.Status, error)
}

func (p *fakeProfile) Name() string        { return "fake" }
func (p *fakeProfile) Steps() []ksync.Step { return p.steps }
func (p *fakeProfile) Poll(ctx context.Context, j *ksync.Job) (ksync.Status, error) {
	return p.poll(ctx, j)
}

// calls records which steps ran for which enrolment.
type calls struct {
	mu  sync.Mutex
	log []string
}

func (c *calls) add(s string) { c.mu.Lock(); c.log = append(c.log, s); c.mu.Unlock() }
func (c *calls) count(s string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, v := range c.log {
		if v == s {
			n++
		}
	}
	return n
}

func step(c *calls, name string, fail func() error) ksync.Step {
	return ksync.Step{Name: name, Run: func(ctx context.Context, j *ksync.Job) (map[string]string, error) {
		if fail != nil {
			if err := fail(); err != nil {
				return nil, err
			}
		}
		c.add(j.ID + ":" + name)
		return map[string]string{name + "_id": name + "-" + store.ShortID(j.ID)}, nil
	}}
}

func accepted(context.Context, *ksync.Job) (ksync.Status, error) {
	return ksync.Status{Name: "ENROLLREADY", Final: true, Accepted: true}, nil
}

// testClock is a clock the test moves by hand, shared by a store and a worker.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *testClock { return &testClock{t: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)} }

func (c *testClock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) set(t time.Time)     { c.mu.Lock(); c.t = t; c.mu.Unlock() }
func (c *testClock) add(d time.Duration) { c.set(c.now().Add(d)) }

func newWorker(db ksync.Outbox, p ksync.Profile, ev *[]ksync.Event) *ksync.Worker {
	var mu sync.Mutex
	return ksync.NewWorker(db, ksync.Options{Profiles: map[string]ksync.Profile{"oneshot": p}, Default: "oneshot",
		PollInterval: time.Millisecond, Idle: 50 * time.Millisecond,
		OnEvent: func(e ksync.Event) {
			if ev != nil {
				mu.Lock()
				*ev = append(*ev, e)
				mu.Unlock()
			}
		}})
}

func entry(t *testing.T, db *store.DB, id string) store.Entry {
	t.Helper()
	e, err := db.Entry(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestStepsRunInOrderAndConfirm(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	e := sandboxtest.Seal(t, db, "oneshot", 1)
	c := &calls{}
	var evidenceRead int64
	read := ksync.Step{Name: "upload", Run: func(ctx context.Context, j *ksync.Job) (map[string]string, error) {
		src, err := j.Evidence(store.Video)
		if err != nil {
			return nil, err
		}
		rc, err := src.Open(ctx)
		if err != nil {
			return nil, err
		}
		defer rc.Close()
		evidenceRead, err = io.Copy(io.Discard, rc)
		if j.Result("create_id") == "" {
			return nil, errors.New("the create step's result is not visible to the next step")
		}
		return nil, err
	}}
	p := &fakeProfile{steps: []ksync.Step{step(c, "create", nil), read, step(c, "approve", nil)}, poll: accepted}
	var events []ksync.Event
	sum, err := newWorker(db, p, &events).Pass(ctx)
	if err != nil || sum.Confirmed != 1 || sum.Worked != 1 {
		t.Fatalf("Pass = %+v, %v", sum, err)
	}
	got := entry(t, db, e.ID)
	if got.State != store.Confirmed || got.Results["create_id"] == "" || got.Results["upload"] != "done" || got.Results["approve_id"] == "" {
		t.Errorf("entry = %+v", got)
	}
	if ev, _ := e.EvidenceOf(store.Video); evidenceRead != ev.Size {
		t.Errorf("step read %d bytes of a %d-byte video", evidenceRead, ev.Size)
	}
	var steps, states int
	for _, ev := range events {
		switch ev.Kind {
		case ksync.EventStep:
			steps++
		case ksync.EventState:
			states++
		}
	}
	if steps != 3 || states != 2 {
		t.Errorf("%d step events and %d state events, want 3 and 2", steps, states)
	}
}

func TestResumesAtTheNextStepAfterAFailure(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	e := sandboxtest.Seal(t, db, "oneshot", 1)
	c := &calls{}
	down := true
	unavailable := func() error {
		if down {
			return &api.StatusError{Method: "POST", Path: "/x", Status: 503, Class: retry.Transient,
				RetryAt: time.Now().Add(-time.Second), Err: errors.New("HTTP 503")}
		}
		return nil
	}
	p := &fakeProfile{steps: []ksync.Step{step(c, "create", nil), step(c, "video", unavailable)}, poll: accepted}
	if _, err := newWorker(db, p, nil).Pass(ctx); err != nil {
		t.Fatal(err)
	}
	got := entry(t, db, e.ID)
	if got.State != store.Sending || got.Step != 1 || got.Attempts != 1 || got.LastError == "" {
		t.Fatalf("after the failure: %+v", got)
	}
	down = false
	// A new worker (as after a restart) must not run create again.
	if _, err := newWorker(db, p, nil).Pass(ctx); err != nil {
		t.Fatal(err)
	}
	if n := c.count(e.ID + ":create"); n != 1 {
		t.Errorf("create ran %d times", n)
	}
	if got := entry(t, db, e.ID); got.State != store.Confirmed {
		t.Errorf("state %s, want confirmed", got.State)
	}
}

func TestPermanentRefusalRejectsWithTheBackendMessage(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	e := sandboxtest.Seal(t, db, "oneshot", 1)
	bad := func() error {
		return &api.StatusError{Method: "POST", Path: "/api/v1/videoid", Status: 400, Class: retry.Permanent,
			Message: "Missing required parameters: email"}
	}
	p := &fakeProfile{steps: []ksync.Step{step(&calls{}, "create", bad)}, poll: accepted}
	sum, err := newWorker(db, p, nil).Pass(ctx)
	if err != nil || sum.Rejected != 1 {
		t.Fatalf("Pass = %+v, %v", sum, err)
	}
	got := entry(t, db, e.ID)
	if got.State != store.Rejected || got.Reason != "step create: POST /api/v1/videoid: HTTP 400: Missing required parameters: email" {
		t.Errorf("entry = %s %q", got.State, got.Reason)
	}
}

func TestPollWaitsThenConfirmsOrRejects(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	db := storetest.Open(t, storetest.WithOptions(store.Options{Now: clk.now, MinFreeBytes: 1 << 20}))
	ok := sandboxtest.Seal(t, db, "oneshot", 1)
	ko := sandboxtest.Seal(t, db, "oneshot", 2)
	polls := map[string]int{}
	p := &fakeProfile{steps: []ksync.Step{step(&calls{}, "create", nil)}, poll: func(_ context.Context, j *ksync.Job) (ksync.Status, error) {
		polls[j.ID]++
		switch {
		case polls[j.ID] < 3:
			return ksync.Status{Name: "VIDEOREVIEW"}, nil
		case j.ID == ko.ID:
			return ksync.Status{Name: "VIDEOERROR", Final: true, Reason: "liveliness check failed"}, nil
		}
		return ksync.Status{Name: "ENROLLREADY", Final: true, Accepted: true}, nil
	}}
	w := ksync.NewWorker(db, ksync.Options{Profiles: map[string]ksync.Profile{"oneshot": p}, Default: "oneshot",
		PollInterval: time.Second, Now: clk.now})
	for i := 0; i < 5; i++ {
		clk.add(time.Second) // the poll interval has passed
		if _, err := w.Pass(ctx); err != nil {
			t.Fatal(err)
		}
		// A poll answered "still under review" is a wait, not a failure: the queue
		// screen must not show a growing attempt count or an error.
		if got := entry(t, db, ok.ID); got.State == store.Delivered &&
			(got.Attempts != 0 || got.LastError != "" || got.StepName != "status (VIDEOREVIEW)" || got.NextAttempt.IsZero()) {
			t.Fatalf("after poll %d: attempts %d error %q step %q next %v", polls[ok.ID], got.Attempts, got.LastError, got.StepName, got.NextAttempt)
		}
	}
	if got := entry(t, db, ok.ID); got.State != store.Confirmed {
		t.Errorf("ok: %s", got.State)
	}
	if got := entry(t, db, ko.ID); got.State != store.Rejected || got.Reason != "step status: the backend refused the enrolment: VIDEOERROR: liveliness check failed" {
		t.Errorf("ko: %s %q", got.State, got.Reason)
	}
	if polls[ok.ID] != 3 {
		t.Errorf("polled %d times, want 3", polls[ok.ID])
	}
}

// TestAuthFailurePausesTheProfile: a refusal of one profile's credentials pauses that
// profile with the backend's reason after one request, delivers the other profile's
// enrolments, and Drain then returns the reason with the refused ones still queued.
// Reconfigure (the operator fixed the credentials) resumes them without a new worker.
func TestAuthFailurePausesTheProfile(t *testing.T) {
	db := storetest.Open(t)
	refused := []string{sandboxtest.Seal(t, db, "oneshot", 1).ID, sandboxtest.Seal(t, db, "oneshot", 2).ID}
	other := sandboxtest.Seal(t, db, "signal", 3).ID
	var tries int
	denied := func() error {
		tries++
		return &api.StatusError{Method: "POST", Path: "/api/v1/videoid", Status: 403, Class: retry.Auth, Message: "You do not have permission to perform this action."}
	}
	bad := &fakeProfile{steps: []ksync.Step{step(&calls{}, "create", denied)}, poll: accepted}
	good := &fakeProfile{steps: []ksync.Step{step(&calls{}, "sign", nil)}, poll: accepted}
	var mu sync.Mutex
	var events []ksync.Event
	w := ksync.NewWorker(db, ksync.Options{Profiles: map[string]ksync.Profile{"oneshot": bad, "signal": good}, Default: "oneshot",
		PollInterval: time.Millisecond, Idle: 50 * time.Millisecond, AuthRetry: time.Hour,
		OnEvent: func(e ksync.Event) { mu.Lock(); events = append(events, e); mu.Unlock() }})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	sum, err := w.Drain(ctx)
	var pe *ksync.AuthPausedError
	if !errors.As(err, &pe) || !errors.Is(err, api.ErrAuth) || pe.Profile != "oneshot" || !strings.Contains(err.Error(), "You do not have permission") {
		t.Fatalf("Drain = %v (%+v), want the oneshot profile paused with the backend's reason", err, sum)
	}
	if tries != 1 {
		t.Errorf("%d requests with the refused credentials, want 1", tries)
	}
	if got := entry(t, db, other); got.State != store.Confirmed {
		t.Errorf("the other profile's enrolment is %s, want confirmed: other work goes on", got.State)
	}
	for _, id := range refused {
		if got := entry(t, db, id); !got.State.Pending() {
			t.Errorf("%s is %s, want still queued", store.ShortID(id), got.State)
		}
	}
	if p := w.AuthPauses(); len(p) != 1 || p[0].Profile != "oneshot" || p[0].Next.IsZero() {
		t.Errorf("AuthPauses = %+v", p)
	}
	mu.Lock()
	found := slices.ContainsFunc(events, func(e ksync.Event) bool {
		return e.Worker == ksync.WorkerAuthFailed && e.Profile == "oneshot" && strings.Contains(e.Err, "permission")
	})
	mu.Unlock()
	if !found {
		t.Error("no auth-failed event naming the profile and the reason")
	}

	fixed := &fakeProfile{steps: []ksync.Step{step(&calls{}, "create", nil)}, poll: accepted}
	w.Reconfigure(map[string]ksync.Profile{"oneshot": fixed, "signal": good}, "oneshot")
	if _, err := w.Drain(ctx); err != nil {
		t.Fatalf("Drain after the fix: %v", err)
	}
	for _, id := range refused {
		if got := entry(t, db, id); got.State != store.Confirmed {
			t.Errorf("%s is %s after the fix, want confirmed", store.ShortID(id), got.State)
		}
	}
}

// TestRunDrainsPausesAndStops runs the worker in a synctest bubble: synctest.Wait
// returns once the worker has nothing left to do but wait (for Resume, a wake-up or its
// idle timer), so the test checks each state exactly then, with no polling.
func TestRunDrainsPausesAndStops(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		db := storetest.Open(t)
		ids := []string{sandboxtest.Seal(t, db, "oneshot", 1).ID}
		c := &calls{}
		gate := make(chan struct{})
		inFlight := make(chan struct{}, 1)
		slow := ksync.Step{Name: "slow", Run: func(ctx context.Context, j *ksync.Job) (map[string]string, error) {
			select {
			case inFlight <- struct{}{}:
			default:
			}
			select {
			case <-gate:
				return nil, nil
			case <-ctx.Done():
				c.add("abandoned")
				return nil, ctx.Err()
			}
		}}
		p := &fakeProfile{steps: []ksync.Step{step(c, "create", nil), slow}, poll: accepted}
		w := newWorker(db, p, nil)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error)
		go func() { done <- w.Run(ctx) }()
		// Pause while the slow step's request is in flight (not between create and slow,
		// where there is nothing to abandon): the worker must give it up at once.
		<-inFlight
		w.Pause()
		synctest.Wait() // the worker gave the request up and waits for Resume
		if n := c.count("abandoned"); n != 1 {
			t.Fatalf("the request in flight was abandoned %d times, want once", n)
		}
		if got := entry(t, db, ids[0]); got.State != store.Sending || got.Attempts != 0 {
			t.Errorf("paused entry = %s attempts %d: an abandoned step must not count as a failure", got.State, got.Attempts)
		}
		close(gate)
		ids = append(ids, sandboxtest.Seal(t, db, "oneshot", 2).ID)
		w.Resume()
		w.SyncNow()
		synctest.Wait() // both delivered; the worker waits for its idle timer
		for _, id := range ids {
			if got := entry(t, db, id); got.State != store.Confirmed {
				t.Errorf("%s is %s after Resume, want confirmed", store.ShortID(id), got.State)
			}
		}
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run = %v after cancel, want nil", err)
		}
		if n := c.count(ids[0] + ":create"); n != 1 {
			t.Errorf("create ran %d times", n)
		}
	})
}

func TestUnknownProfileKeepsTheEnrolment(t *testing.T) {
	db := storetest.Open(t)
	e := sandboxtest.Seal(t, db, "people", 1)
	p := &fakeProfile{poll: accepted}
	if _, err := newWorker(db, p, nil).Pass(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := entry(t, db, e.ID)
	if got.State != store.Queued || got.Attempts != 1 || got.NextAttempt.Before(time.Now()) || !strings.Contains(got.LastError, `"people"`) {
		t.Errorf("entry = %s attempts %d next %v error %q, want queued with a backoff", got.State, got.Attempts, got.NextAttempt, got.LastError)
	}
}

// TestLongReviewIsPolledLessOften runs a review that lasts hours on one clock shared by
// the store and the worker: the wait between polls starts at PollInterval, grows to a
// tenth of the time already waited, and stops at MaxPollWait; no poll counts a failure.
func TestLongReviewIsPolledLessOften(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	start := clk.now()
	db := storetest.Open(t, storetest.WithOptions(store.Options{Now: clk.now, MinFreeBytes: 1 << 20}))
	e := sandboxtest.Seal(t, db, "oneshot", 1)
	review := func(context.Context, *ksync.Job) (ksync.Status, error) { return ksync.Status{Name: "VIDEOREVIEW"}, nil }
	w := ksync.NewWorker(db, ksync.Options{Profiles: map[string]ksync.Profile{"oneshot": &fakeProfile{steps: []ksync.Step{step(&calls{}, "create", nil)}, poll: review}},
		Default: "oneshot", PollInterval: 5 * time.Second, MaxPollWait: 10 * time.Minute, Now: clk.now})
	for _, tc := range []struct{ at, wantWait time.Duration }{
		{0, 5 * time.Second},               // the first "not yet": the profile's interval
		{5 * time.Second, 5 * time.Second}, // a tenth of 5s is shorter than asked
		{10 * time.Minute, time.Minute},    // ten minutes in: a tenth of the wait
		{5 * time.Hour, 10 * time.Minute},  // hours in: capped
	} {
		clk.set(start.Add(tc.at))
		if _, err := w.Pass(ctx); err != nil {
			t.Fatal(err)
		}
		got := entry(t, db, e.ID)
		if wait := got.NextAttempt.Sub(clk.now()); wait != tc.wantWait || got.Attempts != 0 || got.State != store.Delivered {
			t.Errorf("at +%v: next poll in %v (attempts %d, %s), want %v", tc.at, wait, got.Attempts, got.State, tc.wantWait)
		}
	}
}

// TestOnEventMayCallBackIntoTheWorker: Pause and Resume report to OnEvent after
// releasing the worker's lock, so a handler that asks the worker for its state (as the
// queue screen's pause button does) does not deadlock.
func TestOnEventMayCallBackIntoTheWorker(t *testing.T) {
	var w *ksync.Worker
	seen := make(chan bool, 2)
	w = ksync.NewWorker(storetest.Open(t), ksync.Options{OnEvent: func(e ksync.Event) {
		if e.Kind == ksync.EventWorker {
			seen <- w.Paused()
		}
	}})
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.Pause()
		w.Resume()
	}()
	select {
	case <-done:
	case <-time.After(time.Minute): // only a hang guard: it returns at once unless deadlocked
		t.Fatal("Pause or Resume deadlocked: OnEvent was called with the worker's lock held")
	}
	if paused, resumed := <-seen, <-seen; !paused || resumed {
		t.Errorf("OnEvent saw Paused() = %v after Pause and %v after Resume, want true then false", paused, resumed)
	}
}

// TestDrainWaitsUntilTheEarliestIsDue runs in a synctest bubble, whose clock moves only
// while every goroutine waits: Drain sleeps exactly until the earliest pending entry is
// due, each time, never an idle period or a poll loop.
func TestDrainWaitsUntilTheEarliestIsDue(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		db := storetest.Open(t)
		start := time.Now()
		late, early := sandboxtest.Seal(t, db, "oneshot", 1), sandboxtest.Seal(t, db, "oneshot", 2)
		for id, after := range map[string]time.Duration{late.ID: 90 * time.Second, early.ID: 30 * time.Second} {
			if err := db.RecordAttempt(ctx, id, "HTTP 503", start.Add(after)); err != nil {
				t.Fatal(err)
			}
		}
		var ran []time.Duration
		create := ksync.Step{Name: "create", Run: func(context.Context, *ksync.Job) (map[string]string, error) {
			ran = append(ran, time.Since(start))
			return nil, nil
		}}
		w := ksync.NewWorker(db, ksync.Options{Profiles: map[string]ksync.Profile{"oneshot": &fakeProfile{steps: []ksync.Step{create}, poll: accepted}},
			Default: "oneshot", Idle: time.Hour})
		sum, err := w.Drain(ctx)
		if err != nil || sum.Confirmed != 2 {
			t.Fatalf("Drain = %+v, %v; want both confirmed", sum, err)
		}
		if !slices.Equal(ran, []time.Duration{30 * time.Second, 90 * time.Second}) {
			t.Errorf("steps ran at %v, want at +30s and +90s (when each was due)", ran)
		}
	})
}

// TestReviewPollsAreCappedTogether: 100 enrolments under review are polled at
// MaxPollRate all together, not each at its own interval: one pass spreads their next
// polls one slot (1/rate) apart.
func TestReviewPollsAreCappedTogether(t *testing.T) {
	db := storetest.Open(t)
	for i := range 100 {
		sandboxtest.Seal(t, db, "oneshot", i)
	}
	review := func(context.Context, *ksync.Job) (ksync.Status, error) { return ksync.Status{Name: "VIDEOREVIEW"}, nil }
	p := &fakeProfile{steps: []ksync.Step{step(&calls{}, "create", nil)}, poll: review}
	w := ksync.NewWorker(db, ksync.Options{Profiles: map[string]ksync.Profile{"oneshot": p}, Default: "oneshot",
		PollInterval: time.Millisecond, MaxPollRate: 2})
	if _, err := w.Pass(context.Background()); err != nil {
		t.Fatal(err)
	}
	entries, err := db.List(context.Background(), store.Filter{States: []store.State{store.Delivered}})
	if err != nil || len(entries) != 100 {
		t.Fatalf("%d delivered, %v", len(entries), err)
	}
	var at []time.Time
	for _, e := range entries {
		at = append(at, e.NextAttempt)
	}
	slices.SortFunc(at, func(a, b time.Time) int { return a.Compare(b) })
	for i := 1; i < len(at); i++ {
		if gap := at[i].Sub(at[i-1]); gap < 499*time.Millisecond {
			t.Fatalf("polls %d and %d are %v apart, want at least 500 ms (2 per second in all)", i-1, i, gap)
		}
	}
	if span := at[len(at)-1].Sub(at[0]); span < 49*time.Second {
		t.Errorf("100 polls span %v, want about 50 s at 2 per second", span)
	}
}

// TestConcurrencyBoundsEnrolmentsInFlight: with Concurrency 3, a pass delivers up to 3
// enrolments at the same time, never more, and all of them.
func TestConcurrencyBoundsEnrolmentsInFlight(t *testing.T) {
	db := storetest.Open(t)
	for i := range 9 {
		sandboxtest.Seal(t, db, "oneshot", i)
	}
	var mu sync.Mutex
	inFlight, most := 0, 0
	slow := ksync.Step{Name: "send", Run: func(ctx context.Context, j *ksync.Job) (map[string]string, error) {
		mu.Lock()
		inFlight++
		most = max(most, inFlight)
		mu.Unlock()
		time.Sleep(20 * time.Millisecond)
		mu.Lock()
		inFlight--
		mu.Unlock()
		return map[string]string{"send": "done"}, nil
	}}
	p := &fakeProfile{steps: []ksync.Step{slow}, poll: accepted}
	w := ksync.NewWorker(db, ksync.Options{Profiles: map[string]ksync.Profile{"oneshot": p}, Default: "oneshot", Concurrency: 3})
	sum, err := w.Pass(context.Background())
	if err != nil || sum.Confirmed != 9 {
		t.Fatalf("Pass = %+v, %v", sum, err)
	}
	if most != 3 {
		t.Errorf("%d enrolments in flight at most, want 3", most)
	}
}
