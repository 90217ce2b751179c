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

// Due reports what Entry.Due would of the entry, from its metadata.
func (m Meta) Due(now time.Time) bool { return due(m.State, m.NextAttempt, m.Updated, now) }

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
	slices.SortFunc(out, bySealed)
	return out
}

// bySealed orders metadata oldest sealed first, then by id.
func bySealed(a, b Meta) int {
	if c := a.Sealed.Compare(b.Sealed); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// dueIDs returns the ids of up to limit entries due at now (0: no limit), oldest sealed
// first, from the index: what Due decrypts, however long the queue.
func (d *DB) dueIDs(now time.Time, limit int) []string {
	d.mu.Lock()
	var due []Meta
	for _, m := range d.index {
		if m.Due(now) && !d.unreadable[m.ID] {
			due = append(due, m)
		}
	}
	d.mu.Unlock()
	slices.SortFunc(due, bySealed)
	if limit > 0 && len(due) > limit {
		due = due[:limit]
	}
	ids := make([]string, len(due))
	for i, m := range due {
		ids[i] = m.ID
	}
	return ids
}

// UnreadableCount is how many outbox entries failed their integrity check (at Open or in
// a List since); List names them.
func (d *DB) UnreadableCount() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.unreadable)
}
