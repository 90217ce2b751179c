package camera

import (
	"context"
	"fmt"
	"sync/atomic"
)

// subscription is one consumer's mailbox.
type subscription struct {
	ch      chan Frame
	dropped atomic.Uint64
}

// Subscription is a stream of frames from a Camera.
type Subscription struct {
	// C delivers frames; it is closed when the subscription ends (Cancel, Close, or the
	// camera failing: see Camera.Err).
	C      <-chan Frame
	sub    *subscription
	cancel func()
}

// Dropped is how many frames this subscriber missed because it was behind.
func (s *Subscription) Dropped() uint64 { return s.sub.dropped.Load() }

// Cancel ends the subscription. It is safe to call more than once.
func (s *Subscription) Cancel() { s.cancel() }

// Subscribe starts a stream of frames. depth is how many frames may wait for the
// consumer (1 for a preview: always the newest frame; a few for a recorder); when the
// mailbox is full the oldest waiting frame is dropped.
func (c *Camera) Subscribe(depth int) *Subscription {
	s := &subscription{ch: make(chan Frame, max(depth, 1))}
	c.mu.Lock()
	if c.err != nil {
		close(s.ch)
	} else {
		c.subs[s] = struct{}{}
	}
	c.mu.Unlock()
	return &Subscription{C: s.ch, sub: s, cancel: func() { c.unsubscribe(s) }}
}

func (c *Camera) unsubscribe(s *subscription) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.subs[s]; ok {
		delete(c.subs, s)
		close(s.ch)
	}
}

// publish hands f to every subscriber without ever blocking: a full mailbox loses its
// oldest frame. Only the pump sends, so after one eviction the send succeeds.
func (c *Camera) publish(f Frame) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for s := range c.subs {
		for {
			select {
			case s.ch <- f:
			default:
				select {
				case <-s.ch:
					s.dropped.Add(1)
				default:
				}
				continue
			}
			break
		}
	}
}

// endSubscriptions closes every mailbox once the pump stops.
func (c *Camera) endSubscriptions() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for s := range c.subs {
		delete(c.subs, s)
		close(s.ch)
	}
}

// Still returns the next frame: a picture at the camera's full frame size.
func (c *Camera) Still(ctx context.Context) (Frame, error) {
	s := c.Subscribe(1)
	defer s.Cancel()
	select {
	case f, ok := <-s.C:
		if !ok {
			return Frame{}, c.endErr()
		}
		return f, nil
	case <-ctx.Done():
		return Frame{}, fmt.Errorf("wait for a camera frame: %w", ctx.Err())
	}
}

// endErr is the error to report when a subscription ended.
func (c *Camera) endErr() error {
	if err := c.Err(); err != nil {
		return err
	}
	return ErrClosed
}
