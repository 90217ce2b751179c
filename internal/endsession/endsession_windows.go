package endsession

import (
	"context"
	"log/slog"
	"runtime"
	"sync"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

var (
	user32               = windows.NewLazySystemDLL("user32.dll")
	procRegisterClassExW = user32.NewProc("RegisterClassExW")
	procCreateWindowExW  = user32.NewProc("CreateWindowExW")
	procDefWindowProcW   = user32.NewProc("DefWindowProcW")
	procGetMessageW      = user32.NewProc("GetMessageW")
	procTranslateMessage = user32.NewProc("TranslateMessage")
	procDispatchMessageW = user32.NewProc("DispatchMessageW")
)

const (
	wmClose           = 0x0010
	wmQueryEndSession = 0x0011
	wmEndSession      = 0x0016
)

// wndClassEx is WNDCLASSEXW.
type wndClassEx struct {
	size, style                   uint32
	wndProc                       uintptr
	clsExtra, wndExtra            int32
	instance, icon, cursor, brush windows.Handle
	menuName, className           *uint16
	iconSm                        windows.Handle
}

// msg is MSG.
type msg struct {
	hwnd           windows.HWND
	message        uint32
	wParam, lParam uintptr
	time           uint32
	pt             struct{ x, y int32 }
	private        uint32
}

// watcher is the state the window procedure reaches: one per process, since a window
// class's procedure is a C callback without a context pointer.
type watcher struct {
	cancel   context.CancelFunc
	finished chan struct{}
	logger   *slog.Logger
	once     sync.Once
}

var (
	mu      sync.Mutex
	current *watcher
	wndProc = windows.NewCallback(windowProc)
)

// Watch returns a context cancelled with parent or when Windows ends the session, and a
// done function to call once the program has shut down: WM_ENDSESSION waits for it (at
// most Grace) so that Windows does not end the process half-way through closing the
// store. Without a window (no desktop, as in a service) only parent cancels.
func Watch(parent context.Context, logger *slog.Logger) (ctx context.Context, done func()) {
	ctx, cancel := context.WithCancel(parent)
	w := &watcher{cancel: cancel, finished: make(chan struct{}), logger: logger}
	mu.Lock()
	current = w
	mu.Unlock()
	ready := make(chan error, 1)
	go w.loop(ready)
	if err := <-ready; err != nil {
		logger.Warn("Windows shutdown notices are not watched (closing the window and Ctrl+C still stop the app)", "err", err)
	}
	var closeOnce sync.Once
	return ctx, func() {
		cancel()
		closeOnce.Do(func() { close(w.finished) })
	}
}

// loop creates the hidden window on a thread of its own and runs its message loop for
// the life of the process.
func (w *watcher) loop(ready chan<- error) {
	runtime.LockOSThread()
	name, _ := windows.UTF16PtrFromString("EnrolKioskEndSession")
	var inst windows.Handle
	_ = windows.GetModuleHandleEx(0, nil, &inst)
	wc := wndClassEx{wndProc: wndProc, instance: inst, className: name}
	wc.size = uint32(unsafe.Sizeof(wc))
	if r, _, err := procRegisterClassExW.Call(uintptr(unsafe.Pointer(&wc))); r == 0 {
		ready <- err
		return
	}
	// A top-level window that is never shown: message-only windows get no broadcasts.
	hwnd, _, err := procCreateWindowExW.Call(0, uintptr(unsafe.Pointer(name)), uintptr(unsafe.Pointer(name)),
		0, 0, 0, 0, 0, 0, 0, uintptr(inst), 0)
	if hwnd == 0 {
		ready <- err
		return
	}
	ready <- nil
	var m msg
	for {
		r, _, _ := procGetMessageW.Call(uintptr(unsafe.Pointer(&m)), 0, 0, 0)
		if int32(r) <= 0 {
			return
		}
		procTranslateMessage.Call(uintptr(unsafe.Pointer(&m)))
		procDispatchMessageW.Call(uintptr(unsafe.Pointer(&m)))
	}
}

// windowProc answers WM_QUERYENDSESSION with yes (the queue is durable: nothing is lost
// by stopping) after starting the shutdown, and holds WM_ENDSESSION until it is over. A
// WM_CLOSE sent to the program's windows (taskkill without /f, a service manager asking
// it to stop) reaches this hidden window as well as the kiosk's, in either order: it
// starts the same clean shutdown, so the request is never lost on the hidden one.
func windowProc(hwnd windows.HWND, message uint32, wParam, lParam uintptr) uintptr {
	mu.Lock()
	w := current
	mu.Unlock()
	if w != nil {
		switch message {
		case wmClose:
			w.once.Do(func() {
				w.logger.Info("asked to close: shutting down")
				w.cancel()
			})
			return 0
		case wmQueryEndSession:
			w.once.Do(func() {
				w.logger.Info("Windows is ending the session: shutting down")
				w.cancel()
			})
			return 1
		case wmEndSession:
			if wParam == 0 { // another program refused: the session goes on, but we stopped
				return 0
			}
			w.once.Do(func() {
				w.logger.Info("Windows is ending the session: shutting down")
				w.cancel()
			})
			select {
			case <-w.finished:
			case <-time.After(Grace):
				w.logger.Warn("shutdown took longer than Windows waits", "grace", Grace)
			}
			return 0
		}
	}
	r, _, _ := procDefWindowProcW.Call(uintptr(hwnd), uintptr(message), wParam, lParam)
	return r
}
