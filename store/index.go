package store

import (
	"cmp"
	"slices"
	"time"
)

// Meta is what the store keeps in memory of every outbox entry: enough to count, order
// and schedule the queue without decrypting it. The status bar and the queue screen read
// it (Index) instead of listing thousands of entries.
type Meta struct {
	ID      string
	Profile string
	State   State
	// Sealed, Updated and Confirmed are the entry's times; NextAttempt when it is due.
	Sealed, Updated, Confirmed, NextAttempt time.Time
	// Attempts counts failed attempts (the queue screen offers Retry when > 0).
	Attempts int
}

func metaOf(e *Entry) Meta {
	return Meta{ID: e.ID, Profile: e.Profile, State: e.State, Sealed: e.Sealed, Updated: e.Updated,
		Confirmed: e.Confirmed, NextAttempt: e.NextAttempt, Attempts: e.Attempts}
}

// index records e's metadata; call it with d.mu held.
func (d *DB) indexLocked(e *Entry) {
	if d.index == nil {
		d.index = map[string]Meta{}
	}
	d.index[e.ID] = metaOf(e)
}

// Index returns the metadata of every readable outbox entry but the purged ones, oldest
// sealed first. It reads memory only (kept up to date by every change), so it costs no
// decryption however long the queue.
func (d *DB) Index() []Meta {
	d.mu.Lock()
	out := make([]Meta, 0, len(d.index))
	for _, m := range d.index {
		if m.State != Purged {
			out = append(out, m)
		}
	}
	d.mu.Unlock()
	slices.SortFunc(out, func(a, b Meta) int {
		if c := a.Sealed.Compare(b.Sealed); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out
}

// UnreadableCount is how many outbox entries failed their integrity check (at Open or in
// a List since); List names them.
func (d *DB) UnreadableCount() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.unreadable)
}
