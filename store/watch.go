package store

import "context"

// watcher is one Watch subscription.
type watcher struct{ ch chan Change }

// watchBuffer is how many changes a slow watcher may fall behind before the oldest are dropped.
const watchBuffer = 64

// Watch returns a channel that receives every committed outbox change until ctx ends or
// the DB closes (then it is closed). A watcher that falls more than 64 changes behind
// loses the oldest ones, never the latest; call Counts or List to resynchronise.
func (d *DB) Watch(ctx context.Context) <-chan Change {
	w := &watcher{ch: make(chan Change, watchBuffer)}
	d.mu.Lock()
	if d.watchers == nil { // closed
		close(w.ch)
		d.mu.Unlock()
		return w.ch
	}
	d.watchers[w] = struct{}{}
	d.mu.Unlock()
	go func() {
		select {
		case <-ctx.Done():
		case <-d.done:
		}
		d.mu.Lock()
		defer d.mu.Unlock()
		if _, ok := d.watchers[w]; ok {
			delete(d.watchers, w)
			close(w.ch)
		}
	}()
	return w.ch
}

// publish updates the counts and tells every watcher; from is "" for a new entry.
func (d *DB) publish(from State, c Change) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if from != "" {
		d.counts[from]--
	}
	d.counts[c.State]++
	d.states[c.ID] = c.State
	for w := range d.watchers {
		for {
			select {
			case w.ch <- c:
			default:
				select { // full: drop the oldest and try again
				case <-w.ch:
				default:
				}
				continue
			}
			break
		}
	}
}

func (d *DB) closeWatchers() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for w := range d.watchers {
		close(w.ch)
	}
	d.watchers = nil
}

// Counts returns the number of entries in each state, from memory: no transaction.
func (d *DB) Counts() map[State]int {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make(map[State]int, len(States))
	for _, s := range States {
		out[s] = d.counts[s]
	}
	return out
}
