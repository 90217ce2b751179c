package wizard

import (
	"bytes"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// serialDriver is Fyne's test driver with the one property of the real one that the
// wizard relies on: functions posted with fyne.Do run one at a time. The test driver runs
// each on the goroutine that posts it, so a camera's answer and a step being shown ran at
// once under the race detector. A function posted from inside one runs at once.
type serialDriver struct {
	fyne.Driver
	mu    sync.Mutex
	owner atomic.Uint64 // the goroutine running a posted function, 0 when none
}

func (d *serialDriver) DoFromGoroutine(f func(), _ bool) {
	id := goroutineID()
	if d.owner.Load() == id {
		f()
		return
	}
	d.mu.Lock()
	d.owner.Store(id)
	defer func() { d.owner.Store(0); d.mu.Unlock() }()
	f()
}

// serialApp is a test app whose driver is a serialDriver.
type serialApp struct {
	fyne.App
	driver *serialDriver
}

func (a serialApp) Driver() fyne.Driver { return a.driver }

// newSerialApp is test.NewTempApp with fyne.Do serialised; tests post what they do to
// the UI with fyne.DoAndWait (wait does) so that it does not overlap the app's own posts.
func newSerialApp(t testing.TB) fyne.App {
	a := test.NewTempApp(t)
	s := serialApp{App: a, driver: &serialDriver{Driver: a.Driver()}}
	fyne.SetCurrentApp(s)
	return s
}

// goroutineID is the running goroutine's number, read from its stack header.
func goroutineID() uint64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	if i := bytes.IndexByte(b, ' '); i > 0 {
		b = b[:i]
	}
	id, _ := strconv.ParseUint(string(b), 10, 64)
	return id
}
