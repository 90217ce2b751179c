package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// getEntry reads and decrypts the outbox entry of id.
func (d *DB) getEntry(tx *bolt.Tx, id string) (Entry, error) {
	var e Entry
	v := tx.Bucket(bucketOutbox).Get([]byte(id))
	if v == nil {
		return e, fmt.Errorf("%w: no enrolment %s in the queue", ErrNotFound, ShortID(id))
	}
	plain, err := d.meta.open(v, ad(string(bucketOutbox), id))
	if err != nil {
		return e, err
	}
	if err := json.Unmarshal(plain, &e); err != nil {
		return e, fmt.Errorf("%w: outbox entry %s: %v", ErrTampered, ShortID(id), err)
	}
	return e, nil
}

// putEntry encrypts and writes e.
func (d *DB) putEntry(tx *bolt.Tx, e Entry) error {
	plain, err := json.Marshal(e)
	if err != nil {
		return err
	}
	return tx.Bucket(bucketOutbox).Put([]byte(e.ID), d.meta.seal(plain, ad(string(bucketOutbox), e.ID)))
}

// forEachEntry calls fn for every readable outbox entry inside tx. An entry that fails
// its integrity check is logged and skipped, so one damaged record never stops the queue;
// Verify reports it.
func (d *DB) forEachEntry(tx *bolt.Tx, fn func(Entry) error) error {
	return tx.Bucket(bucketOutbox).ForEach(func(k, _ []byte) error {
		e, err := d.getEntry(tx, string(k))
		if err != nil {
			d.log.Warn("outbox entry skipped; run enrolctl verify", "id", ShortID(string(k)), "err", err)
			return nil
		}
		return fn(e)
	})
}

// loadCounts reads every entry's state once, at Open. bbolt panics on some damaged
// pages; that is reported as ErrCorrupt rather than crashing the app.
func (d *DB) loadCounts(ctx context.Context) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %s: reading the queue: %v (run enrolctl verify)", ErrCorrupt, d.path, r)
		}
	}()
	counts, states := map[State]int{}, map[string]State{}
	err = d.view(ctx, func(tx *bolt.Tx) error {
		return d.forEachEntry(tx, func(e Entry) error {
			counts[e.State]++
			states[e.ID] = e.State
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("count the queue: %w", err)
	}
	d.mu.Lock()
	d.counts, d.states = counts, states
	d.mu.Unlock()
	return nil
}

// idsIn returns the ids of the entries in one of states, from memory.
func (d *DB) idsIn(states []State) []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	var ids []string
	for id, s := range d.states {
		if slices.Contains(states, s) {
			ids = append(ids, id)
		}
	}
	return ids
}

// Filter selects entries for List. The zero Filter selects everything.
type Filter struct {
	// States keeps only these states; empty keeps all.
	States []State
	// DueAt keeps only entries due at this time (see Entry.Due); zero ignores it.
	DueAt time.Time
	// Limit caps the result; 0 means no cap.
	Limit int
}

func (f Filter) match(e *Entry) bool {
	if len(f.States) > 0 && !slices.Contains(f.States, e.State) {
		return false
	}
	return f.DueAt.IsZero() || e.Due(f.DueAt)
}

// List returns the entries f selects, oldest sealed first. It reads in one short
// transaction and decrypts only the small outbox entries; with f.States set, only the
// entries in those states (purged ones pile up over months and are skipped).
func (d *DB) List(ctx context.Context, f Filter) ([]Entry, error) {
	var out []Entry
	keep := func(e Entry) error {
		if f.match(&e) {
			out = append(out, e)
		}
		return nil
	}
	err := d.view(ctx, func(tx *bolt.Tx) error {
		if len(f.States) == 0 {
			return d.forEachEntry(tx, keep)
		}
		for _, id := range d.idsIn(f.States) {
			if e, err := d.getEntry(tx, id); err == nil {
				keep(e)
			}
		}
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].Sealed.Before(out[j].Sealed) })
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, err
}

// Due returns up to limit entries the sync worker should work on now, oldest first.
func (d *DB) Due(ctx context.Context, limit int) ([]Entry, error) {
	return d.List(ctx, Filter{States: []State{Queued, Sending, Delivered}, DueAt: d.now(), Limit: limit})
}

// Entry returns the outbox entry of id.
func (d *DB) Entry(ctx context.Context, id string) (Entry, error) {
	var e Entry
	err := d.view(ctx, func(tx *bolt.Tx) (err error) {
		e, err = d.getEntry(tx, id)
		return err
	})
	return e, err
}

// Resolve turns a full id or a unique prefix of at least 4 characters (a short id shown
// to operators) into the full id.
func (d *DB) Resolve(ctx context.Context, prefix string) (string, error) {
	prefix = strings.ToLower(strings.TrimSpace(prefix))
	if len(prefix) < 4 {
		return "", fmt.Errorf("%w: id %q is too short (give at least 4 characters)", ErrInvalid, prefix)
	}
	var found []string
	err := d.view(ctx, func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketOutbox).Cursor()
		for k, _ := c.Seek([]byte(prefix)); k != nil && strings.HasPrefix(string(k), prefix); k, _ = c.Next() {
			found = append(found, string(k))
		}
		return nil
	})
	switch {
	case err != nil:
		return "", err
	case len(found) == 0:
		return "", fmt.Errorf("%w: no enrolment with id %s (see enrolctl queue ls)", ErrNotFound, prefix)
	case len(found) > 1:
		return "", fmt.Errorf("%w: %s matches %d enrolments; give more characters", ErrAmbiguous, prefix, len(found))
	}
	return found[0], nil
}
