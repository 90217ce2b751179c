package wizard

import (
	"context"
	"sync"
	"time"
)

// draftQueue does the wizard's draft I/O off the UI goroutine, one operation at a time and
// in the order asked: a save never overwrites a newer one, a delete is never undone by an
// older save, and a load sees every save asked before it. A write still waiting when a
// newer write is asked is dropped (only the newest draft matters). The worker goroutine
// runs only while there is work.
type draftQueue struct {
	timeout time.Duration

	mu      sync.Mutex
	ops     []draftOp
	running bool
	idle    chan struct{} // closed when the worker has emptied the queue
}

// draftOp is one queued operation.
type draftOp struct {
	// write marks a save or a delete: a later write supersedes it while it waits.
	write bool
	// ctx bounds the operation together with the queue's timeout; nil means Background.
	ctx context.Context
	run func(ctx context.Context)
}

func newDraftQueue(timeout time.Duration) *draftQueue {
	return &draftQueue{timeout: timeout}
}

// push queues op behind every operation asked before it.
func (q *draftQueue) push(op draftOp) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if op.write {
		for len(q.ops) > 0 && q.ops[len(q.ops)-1].write {
			q.ops = q.ops[:len(q.ops)-1]
		}
	}
	q.ops = append(q.ops, op)
	if !q.running {
		q.running = true
		q.idle = make(chan struct{})
		go q.drain()
	}
}

// drain runs the queued operations in order until none is left.
func (q *draftQueue) drain() {
	for {
		q.mu.Lock()
		if len(q.ops) == 0 {
			q.running = false
			close(q.idle)
			q.mu.Unlock()
			return
		}
		op := q.ops[0]
		q.ops = q.ops[1:]
		q.mu.Unlock()
		parent := op.ctx
		if parent == nil {
			parent = context.Background()
		}
		ctx, cancel := context.WithTimeout(parent, q.timeout)
		op.run(ctx)
		cancel()
	}
}

// wait blocks until every operation asked so far has run, or ctx ends.
func (q *draftQueue) wait(ctx context.Context) error {
	q.mu.Lock()
	if !q.running {
		q.mu.Unlock()
		return nil
	}
	idle := q.idle
	q.mu.Unlock()
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
