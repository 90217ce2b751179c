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

// loadCounts reads every entry's state once, at Open. An entry that fails its integrity
// check is logged and left out of the counts, so one damaged record never stops the
// queue; List reports it (UnreadableError) and Verify names it. bbolt panics on some
// damaged pages; that is reported as ErrCorrupt rather than crashing the app.
func (d *DB) loadCounts(ctx context.Context) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %s: reading the queue: %v (run enrolctl verify)", ErrCorrupt, d.path, r)
		}
	}()
	counts, states, unreadable, index := map[State]int{}, map[string]State{}, map[string]bool{}, map[string]Meta{}
	err = d.view(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketOutbox).ForEach(func(k, _ []byte) error {
			e, err := d.getEntry(tx, string(k))
			if err != nil {
				d.log.Warn("outbox entry cannot be read; run enrolctl verify", "id", ShortID(string(k)), "err", err)
				unreadable[string(k)] = true
				return nil
			}
			counts[e.State]++
			states[e.ID] = e.State
			index[e.ID] = metaOf(&e)
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("count the queue: %w", err)
	}
	d.mu.Lock()
	d.counts, d.states, d.unreadable, d.index = counts, states, unreadable, index
	d.mu.Unlock()
	return nil
}

// idsIn returns the ids of the entries in one of states, from memory, and of every
// entry that could not be read (its state is unknown).
func (d *DB) idsIn(states []State) []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	var ids []string
	for id, s := range d.states {
		if slices.Contains(states, s) {
			ids = append(ids, id)
		}
	}
	for id := range d.unreadable {
		ids = append(ids, id)
	}
	return ids
}

// UnreadableError is returned by List, together with every entry it could read, when
// outbox entries fail their integrity check (damaged or altered on disk). Their state is
// unknown, so they are reported whatever the filter asked for. Show the count to the
// operator ("N entries could not be read") rather than hide them; enrolctl verify names
// them. errors.Is(err, ErrTampered) holds.
type UnreadableError struct {
	// IDs are the ids of the entries that could not be read, sorted.
	IDs []string
}

func (e *UnreadableError) Error() string {
	what := "queue entries"
	if len(e.IDs) == 1 {
		what = "queue entry"
	}
	return fmt.Sprintf("%d %s could not be read: damaged or altered on disk (run enrolctl verify)", len(e.IDs), what)
}

// Unwrap returns ErrTampered.
func (e *UnreadableError) Unwrap() error { return ErrTampered }

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
// entries in those states (purged ones pile up over months and are skipped). Entries that
// fail their integrity check are left out and reported by an *UnreadableError returned
// with the rest: the list is then complete but for those. An entry found damaged (at
// Open, or by any List that read it since) is reported by every List, whatever its filter.
func (d *DB) List(ctx context.Context, f Filter) ([]Entry, error) {
	var out []Entry
	var bad []string
	read := func(tx *bolt.Tx, id string) {
		e, err := d.getEntry(tx, id)
		switch {
		case err != nil:
			bad = append(bad, id)
		case f.match(&e):
			out = append(out, e)
		}
	}
	err := d.view(ctx, func(tx *bolt.Tx) error {
		if len(f.States) == 0 {
			return tx.Bucket(bucketOutbox).ForEach(func(k, _ []byte) error { read(tx, string(k)); return nil })
		}
		for _, id := range d.idsIn(f.States) {
			read(tx, id)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Sealed.Before(out[j].Sealed) })
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	if len(bad) > 0 {
		d.mu.Lock()
		for _, id := range bad {
			d.unreadable[id] = true // from now on reported whatever the filter
		}
		d.mu.Unlock()
		slices.Sort(bad)
		return out, &UnreadableError{IDs: slices.Compact(bad)}
	}
	return out, nil
}

// Due returns up to limit entries the sync worker should work on now, oldest first.
// It picks them from the index and decrypts only those, so a pass over a backlog of
// thousands reads its batch, not the whole queue. Entries that cannot be read are left
// out without an error: the worker cannot send them, and List reports them to the
// operator.
func (d *DB) Due(ctx context.Context, limit int) ([]Entry, error) {
	now := d.now()
	ids := d.dueIDs(now, limit)
	out := make([]Entry, 0, len(ids))
	var bad []string
	err := d.view(ctx, func(tx *bolt.Tx) error {
		for _, id := range ids {
			switch e, err := d.getEntry(tx, id); {
			case err != nil:
				bad = append(bad, id)
			case e.Due(now):
				out = append(out, e)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(bad) > 0 {
		d.mu.Lock()
		for _, id := range bad {
			d.unreadable[id] = true // List reports it from now on
		}
		d.mu.Unlock()
	}
	return out, nil
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
