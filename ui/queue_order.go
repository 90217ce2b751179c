package ui

import (
	"cmp"
	"slices"
	"sync"

	"github.com/enrolkiosk/enrolkiosk/store"
	ksync "github.com/enrolkiosk/enrolkiosk/sync"
)

// confirmedPage is how many more confirmed enrolments each "Show more" lists.
const confirmedPage = 50

// attention ranks an entry for the queue screen: what needs the operator first
// (rejected, needs reconciliation), then what waits on something (paused: held by an
// operator or its profile's credentials refused), then what is moving (sending, queued,
// delivered), then the confirmed.
func attention(m store.Meta, paused map[string]string) int {
	switch {
	case m.State == store.Rejected:
		return 0
	case m.State == store.Reconcile:
		return 1
	case m.State == store.Held:
		return 2
	case m.State.Pending() && paused[m.Profile] != "":
		return 2
	case m.State == store.Sending:
		return 3
	case m.State.Pending():
		return 4
	}
	return 5
}

// queueView is what the queue screen lists.
type queueView struct {
	// rows are the entries shown, in order: every one that is not confirmed, by attention
	// then newest first, then the newest confirmed ones up to the page asked for.
	rows []store.Meta
	// counts are per state over the whole queue; confirmedShown of confirmedTotal are listed.
	counts                         map[store.State]int
	confirmedShown, confirmedTotal int
}

// viewOf orders index for display, listing at most confirmed confirmed entries.
func viewOf(index []store.Meta, paused map[string]string, confirmed int) queueView {
	v := queueView{counts: map[store.State]int{}}
	var done []store.Meta
	for _, m := range index {
		v.counts[m.State]++
		if m.State == store.Confirmed {
			done = append(done, m)
		} else {
			v.rows = append(v.rows, m)
		}
	}
	slices.SortStableFunc(v.rows, func(a, b store.Meta) int {
		if c := cmp.Compare(attention(a, paused), attention(b, paused)); c != 0 {
			return c
		}
		if c := b.Sealed.Compare(a.Sealed); c != 0 {
			return c // newest first within a group
		}
		return cmp.Compare(b.ID, a.ID)
	})
	slices.SortStableFunc(done, func(a, b store.Meta) int { return b.Confirmed.Compare(a.Confirmed) })
	v.confirmedTotal, v.confirmedShown = len(done), min(len(done), confirmed)
	v.rows = append(v.rows, done[:v.confirmedShown]...)
	return v
}

// eventBatch is what arrived for the queue screen since it last drew: the latest
// progress per enrolment, the worker events in order, a list read from the store, entry
// details read for visible rows, the ids rows asked for, and whether the list must be
// read again.
type eventBatch struct {
	progress   map[string]ksync.Event
	worker     []ksync.Event
	view       *queueView
	viewRead   uint64 // which read view is (reads are numbered as they start)
	unreadable int
	details    map[string]store.Entry
	wanted     []string
	reload     bool
}

func (b *eventBatch) empty() bool {
	return len(b.progress) == 0 && len(b.worker) == 0 && b.view == nil && len(b.details) == 0 &&
		len(b.wanted) == 0 && !b.reload
}

// coalescer gathers, from any goroutine, what the queue screen must draw, so that it
// draws a few times a second however fast things come: progress events replace the
// previous one of their enrolment, any number of changes make one reload, and the reads
// started off the UI goroutine hand their results over here (the UI goroutine applies
// them in flush, so no widget or screen state is touched elsewhere).
type coalescer struct {
	mu sync.Mutex
	b  eventBatch
}

// add records a worker event.
func (c *coalescer) add(e ksync.Event) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch e.Kind {
	case ksync.EventProgress:
		if c.b.progress == nil {
			c.b.progress = map[string]ksync.Event{}
		}
		c.b.progress[e.Enrolment] = e
	case ksync.EventWorker:
		c.b.worker = append(c.b.worker, e)
		c.b.reload = true
	default:
		delete(c.b.progress, e.Enrolment)
		c.b.reload = true
	}
}

// changed records that the store changed (or that the list should be read again).
func (c *coalescer) changed() {
	c.mu.Lock()
	c.b.reload = true
	c.mu.Unlock()
}

// read hands over a list read from the store by the read numbered n. Reads run on their
// own goroutines and may end out of order: a read that started before the one already
// handed over is older and is dropped.
func (c *coalescer) read(n uint64, v queueView, unreadable int) {
	c.mu.Lock()
	if c.b.view == nil || n > c.b.viewRead {
		c.b.view, c.b.viewRead, c.b.unreadable = &v, n, unreadable
	}
	c.mu.Unlock()
}

// got hands over entries read in full.
func (c *coalescer) got(entries map[string]store.Entry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.b.details == nil {
		c.b.details = map[string]store.Entry{}
	}
	for id, e := range entries {
		c.b.details[id] = e
	}
}

// want asks for id's entry to be read.
func (c *coalescer) want(id string) {
	c.mu.Lock()
	c.b.wanted = append(c.b.wanted, id)
	c.mu.Unlock()
}

// pending reports whether anything was gathered.
func (c *coalescer) pending() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return !c.b.empty()
}

// take returns what was gathered and starts afresh.
func (c *coalescer) take() eventBatch {
	c.mu.Lock()
	defer c.mu.Unlock()
	b := c.b
	c.b = eventBatch{}
	return b
}
