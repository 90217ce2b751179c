package ui

import (
	"context"
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/enrolkiosk/enrolkiosk/access"
	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/ui/wizard"
)

// BenchmarkQueueFrame is one frame of the queue screen with 5,000 entries that brings
// nothing new: the view applied and the visible rows rebound in place (a row that shows
// the same leaves its labels and layout alone).
func BenchmarkQueueFrame(b *testing.B) {
	test.NewTempApp(b)
	fs, sy := newFakeStore(), &fakeSync{}
	svc := access.NewService(context.Background(), access.Config{Online: fakeOnline{}, Values: fs, MaxFailures: 3,
		Params: access.Params{Time: 1, MemoryKiB: 64, Threads: 1}})
	s := NewShell(Deps{Config: config.Default(), DataDir: b.TempDir(), Store: fs, Login: svc, Sync: sy,
		Terms: wizard.Terms{Version: "T-1", Text: "Terms"}})
	w := test.NewTempWindow(b, s.Object())
	w.Resize(fyne.NewSize(1100, 720))
	op, err := svc.Login(context.Background(), "ana", "secret", "")
	if err != nil {
		b.Fatal(err)
	}
	s.loggedIn(op)
	s.tabs.SelectIndex(tabQueue)
	at := time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)
	states := []store.State{store.Queued, store.Confirmed, store.Rejected, store.Sending, store.Held}
	for i := range 5000 {
		fs.entries = append(fs.entries, store.Entry{ID: fmt.Sprintf("%08x-%d", i, i), State: states[i%5],
			Sealed: at.Add(time.Duration(i) * time.Second), Confirmed: at.Add(time.Duration(i) * time.Minute),
			Attempts: i % 3, LastError: "POST /sign: HTTP 503: maintenance", NextAttempt: at})
	}
	s.queue.reload()
	for range 4 {
		s.queue.busy.Wait()
		s.queue.flush()
	}
	v := viewOf(fs.Index(), nil, confirmedPage)
	b.ResetTimer()
	for range b.N {
		s.queue.apply(v, 0)
	}
}

// BenchmarkQueueListRead is the list read a frame does on the UI goroutine when the store
// changed: 5,000 entries from the in-memory index, ordered for the screen.
func BenchmarkQueueListRead(b *testing.B) {
	fs := newFakeStore()
	at := time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)
	states := []store.State{store.Queued, store.Confirmed, store.Rejected, store.Sending, store.Held}
	for i := range 5000 {
		fs.entries = append(fs.entries, store.Entry{ID: fmt.Sprintf("%08x-%d", i, i), State: states[i%5],
			Sealed: at.Add(time.Duration(i) * time.Second), Confirmed: at.Add(time.Duration(i) * time.Minute)})
	}
	b.ResetTimer()
	for range b.N {
		viewOf(fs.Index(), nil, confirmedPage)
	}
}
