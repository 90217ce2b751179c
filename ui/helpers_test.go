package ui

import (
	"bytes"
	"context"
	"io"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/access"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// TestMain pins the time zone so that goldens show the same times everywhere.
func TestMain(m *testing.M) {
	time.Local = time.UTC
	os.Exit(m.Run())
}

// fakeStore is a hand-written Store: entries and drafts in memory, actions recorded.
type fakeStore struct {
	mu         sync.Mutex
	entries    []store.Entry
	unreadable int
	reads      int // Entry calls
	drafts     map[string][]byte
	values     map[string][]byte
	actions    chan string
	changes    chan store.Change
	records    map[string]store.Enrolment // what Get returns, by id (else a bare record)
	fail       error                      // returned by Retry, Reconcile and Amend when set
}

var _ Store = (*fakeStore)(nil)

func newFakeStore() *fakeStore {
	return &fakeStore{drafts: map[string][]byte{}, values: map[string][]byte{}, actions: make(chan string, 8), changes: make(chan store.Change)}
}

func (f *fakeStore) SaveDraft(_ context.Context, name string, b []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.drafts[name] = b
	return nil
}

func (f *fakeStore) LoadDraft(_ context.Context, name string) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if b, ok := f.drafts[name]; ok {
		return b, nil
	}
	return nil, store.ErrNotFound
}

func (f *fakeStore) DeleteDraft(_ context.Context, name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.drafts, name)
	return nil
}

func (f *fakeStore) Seal(_ context.Context, e store.Enrolment, _ []store.EvidenceInput) (store.Enrolment, error) {
	return e, nil
}

func (f *fakeStore) List(context.Context, store.Filter) ([]store.Entry, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]store.Entry(nil), f.entries...), nil
}

func (f *fakeStore) Index() []store.Meta {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]store.Meta, 0, len(f.entries))
	for _, e := range f.entries {
		out = append(out, store.Meta{ID: e.ID, Profile: e.Profile, State: e.State, Sealed: e.Sealed, Updated: e.Updated,
			Confirmed: e.Confirmed, NextAttempt: e.NextAttempt, Attempts: e.Attempts})
	}
	return out
}

func (f *fakeStore) UnreadableCount() int { f.mu.Lock(); defer f.mu.Unlock(); return f.unreadable }

func (f *fakeStore) Entry(_ context.Context, id string) (store.Entry, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reads++
	for _, e := range f.entries {
		if e.ID == id {
			return e, nil
		}
	}
	return store.Entry{}, store.ErrNotFound
}

func (f *fakeStore) Reconcile(_ context.Context, id string, v map[string]string, by string) error {
	if err := f.failure(); err != nil {
		return err
	}
	f.actions <- "reconcile " + id + " request_pk=" + v["request_pk"] + " by " + by
	return nil
}

func (f *fakeStore) failure() error { f.mu.Lock(); defer f.mu.Unlock(); return f.fail }

func (f *fakeStore) ReconcileCreateNew(_ context.Context, id, by string) error {
	f.actions <- "create-new " + id + " by " + by
	return nil
}

func (f *fakeStore) Amend(_ context.Context, id string, a store.Amendment) (store.Enrolment, error) {
	if err := f.failure(); err != nil {
		return store.Enrolment{}, err
	}
	f.actions <- "amend " + id + " email=" + a.Applicant.Email + " by " + a.By
	return store.Enrolment{ID: "99999999-9", Amends: id}, nil
}

func (f *fakeStore) Retry(_ context.Context, id string) error {
	if err := f.failure(); err != nil {
		return err
	}
	f.actions <- "retry " + id
	return nil
}
func (f *fakeStore) Hold(_ context.Context, id string) error { f.actions <- "hold " + id; return nil }
func (f *fakeStore) Release(_ context.Context, id string) error {
	f.actions <- "release " + id
	return nil
}

func (f *fakeStore) Watch(context.Context) <-chan store.Change { return f.changes }

func (f *fakeStore) Get(_ context.Context, id string) (store.Enrolment, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r, ok := f.records[id]; ok {
		return r, nil
	}
	return store.Enrolment{ID: id}, nil
}

func (f *fakeStore) OpenEvidence(context.Context, string, store.EvidenceKind) (io.ReadCloser, store.Evidence, error) {
	return io.NopCloser(bytes.NewReader(nil)), store.Evidence{}, store.ErrNotFound
}

func (f *fakeStore) Value(_ context.Context, name string) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if b, ok := f.values[name]; ok {
		return b, nil
	}
	return nil, store.ErrNotFound
}

func (f *fakeStore) PutValue(_ context.Context, name string, b []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.values[name] = b
	return nil
}

func (f *fakeStore) DeleteValue(_ context.Context, name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.values, name)
	return nil
}

// fakeOnline accepts ana/secret.
type fakeOnline struct{}

func (fakeOnline) Login(_ context.Context, user, password, _ string) (access.Operator, error) {
	if user == "ana" && password == "secret" {
		return access.Operator{ID: "ana", Name: "Ana Operator"}, nil
	}
	return access.Operator{}, access.ErrBadCredentials
}

// fakeSync records calls.
type fakeSync struct {
	mu             sync.Mutex
	now, paused    bool
	pauses, resume int
}

func (s *fakeSync) SyncNow() { s.mu.Lock(); s.now = true; s.mu.Unlock() }
func (s *fakeSync) Pause()   { s.mu.Lock(); s.paused = true; s.pauses++; s.mu.Unlock() }
func (s *fakeSync) Resume()  { s.mu.Lock(); s.paused = false; s.resume++; s.mu.Unlock() }
func (s *fakeSync) Paused() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.paused
}
