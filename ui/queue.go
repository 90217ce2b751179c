package ui

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/enrolkiosk/enrolkiosk/store"
	ksync "github.com/enrolkiosk/enrolkiosk/sync"
)

// queueLimit caps the entries listed (the oldest first: those that need attention).
const queueLimit = 500

// queueSection lists every enrolment in the outbox with its state, step, upload progress
// and the backend's reason for a rejection, with the operator's actions.
type queueSection struct {
	deps     Deps
	summary  *widget.Label
	errText  *widget.Label
	list     *fyne.Container
	rows     map[string]*queueRow
	progress map[string]ksync.Event
	pause    *widget.Button
	syncBtn  *widget.Button
	notice   *widget.Label // what the last action did (Sync now, Retry, Hold, Release)
	onPaused func(bool)    // told whenever the pause state is shown (the status bar's chip)
	viewer   dialog.Dialog
	object   fyne.CanvasObject
	// busy counts reads and actions in flight (tests wait for them).
	busy sync.WaitGroup
}

func newQueueSection(deps Deps) *queueSection {
	s := &queueSection{deps: deps, summary: wrapped(""), errText: wrapped(""), list: container.NewVBox(),
		rows: map[string]*queueRow{}, progress: map[string]ksync.Event{}}
	s.errText.Importance = widget.DangerImportance
	s.notice = wrapped("")
	s.notice.Importance = widget.SuccessImportance
	tools := []fyne.CanvasObject{widget.NewButtonWithIcon(lang.L("Refresh"), theme.ViewRefreshIcon(), s.reload)}
	if deps.Sync != nil {
		syncNow := widget.NewButtonWithIcon(lang.L("Sync now"), theme.UploadIcon(), s.syncNow)
		syncNow.Importance = widget.HighImportance
		s.syncBtn = syncNow
		s.pause = widget.NewButtonWithIcon("", theme.MediaPauseIcon(), s.togglePause)
		s.showPaused()
		tools = append(tools, syncNow, s.pause)
	}
	if deps.Store == nil {
		s.summary.SetText(lang.L("The local queue is not open."))
	}
	s.errText.SetText(s.syncErrText())
	top := container.NewVBox(container.NewBorder(nil, nil, heading(lang.L("Queue")), container.NewHBox(tools...)), s.summary, s.notice, s.errText)
	s.object = container.NewBorder(top, nil, nil, nil, container.NewVScroll(s.list))
	return s
}

func (s *queueSection) togglePause() {
	if s.deps.Sync.Paused() {
		s.deps.Sync.Resume()
	} else {
		s.deps.Sync.Pause()
	}
	s.showPaused()
}

func (s *queueSection) showPaused() {
	paused := s.deps.Sync.Paused()
	if s.onPaused != nil {
		s.onPaused(paused)
	}
	if paused {
		s.pause.SetText(lang.L("Resume sending"))
		s.pause.SetIcon(theme.MediaPlayIcon())
	} else {
		s.pause.SetText(lang.L("Pause sending"))
		s.pause.SetIcon(theme.MediaPauseIcon())
	}
}

// reload reads the outbox off the UI goroutine and shows it.
func (s *queueSection) reload() {
	if s.deps.Store == nil {
		return
	}
	s.busy.Add(1)
	go func() {
		defer s.busy.Done()
		entries, err := s.load(context.Background())
		fyne.Do(func() { s.apply(entries, err) })
	}()
}

func (s *queueSection) load(ctx context.Context) ([]store.Entry, error) {
	ctx, cancel := context.WithTimeout(ctx, storeTimeout)
	defer cancel()
	// Every state but purged.
	return s.deps.Store.List(ctx, store.Filter{States: append(store.Pending(), store.Rejected, store.Held, store.Confirmed), Limit: queueLimit})
}

// apply shows entries: rows are reused by id so progress bars keep their place.
func (s *queueSection) apply(entries []store.Entry, err error) {
	unreadable, partial := errors.AsType[*store.UnreadableError](err)
	if err != nil && !partial {
		s.errText.SetText(lang.L("The queue could not be read:") + " " + err.Error())
		return
	}
	problems := s.syncErrText()
	if partial { // shown, not hidden: the rest of the queue is listed below
		problems = strings.TrimSpace(problems + "\n" + lang.L("{{.Count}} entries could not be read: they are damaged or were altered on disk (run enrolctl verify).",
			map[string]any{"Count": len(unreadable.IDs)}))
	}
	s.errText.SetText(problems)
	newestFirst(entries)
	objs := make([]fyne.CanvasObject, 0, len(entries))
	seen := map[string]bool{}
	counts := map[store.State]int{}
	for _, e := range entries {
		counts[e.State]++
		r := s.rows[e.ID]
		if r == nil {
			r = newQueueRow(s)
			s.rows[e.ID] = r
		}
		r.set(e, s.progress[e.ID])
		seen[e.ID] = true
		objs = append(objs, r.object)
	}
	for id := range s.rows {
		if !seen[id] {
			delete(s.rows, id)
		}
	}
	s.list.Objects = objs
	s.list.Refresh()
	s.summary.SetText(summary(counts))
}

// syncErrText says why nothing is sent, when the worker could not be set up.
func (s *queueSection) syncErrText() string {
	if s.deps.SyncErr == nil {
		return ""
	}
	return lang.L("Nothing is sent until this is fixed; enrolments wait in the queue:") + " " + s.deps.SyncErr.Error()
}

func summary(c map[store.State]int) string {
	waiting := 0
	for _, st := range store.Pending() {
		waiting += c[st]
	}
	switch {
	case waiting+c[store.Rejected]+c[store.Held] == 0:
		return lang.L("Every enrolment is delivered.")
	case c[store.Rejected] > 0:
		return lang.L("{{.Rejected}} rejected (need you), {{.Waiting}} waiting, {{.Held}} on hold",
			map[string]any{"Rejected": c[store.Rejected], "Waiting": waiting, "Held": c[store.Held]})
	}
	return lang.L("Enrolments waiting to be delivered: {{.Count}}", map[string]any{"Count": waiting + c[store.Held]})
}

// act runs an operator action on id and reloads.
func (s *queueSection) act(id string, done string, fn func(context.Context, string) error) {
	s.busy.Add(1)
	go func() {
		defer s.busy.Done()
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		err := fn(ctx, id)
		cancel()
		if err == nil && s.deps.Sync != nil {
			s.deps.Sync.SyncNow()
		}
		fyne.Do(func() {
			if err != nil {
				s.notice.SetText("")
				s.errText.SetText(err.Error())
				return
			}
			s.notice.SetText(actionDone(store.ShortID(id), done))
		})
		s.reload()
	}()
}

// event shows a sync worker event (UI goroutine).
func (s *queueSection) event(e ksync.Event) {
	switch e.Kind {
	case ksync.EventProgress:
		s.progress[e.Enrolment] = e
		if r := s.rows[e.Enrolment]; r != nil {
			r.showProgress(e)
		}
	case ksync.EventStep, ksync.EventState, ksync.EventRetry:
		delete(s.progress, e.Enrolment)
		s.reload()
	case ksync.EventWorker:
		if s.pause != nil {
			s.showPaused()
		}
	}
}

// watch reloads after every committed outbox change and every 30 s until ctx ends.
func (s *queueSection) watch(ctx context.Context) {
	if s.deps.Store == nil {
		return
	}
	changes := s.deps.Store.Watch(ctx)
	tick := time.NewTicker(30 * time.Second)
	defer tick.Stop()
	s.reload()
	for {
		select {
		case <-ctx.Done():
			return
		case _, ok := <-changes:
			if !ok {
				return
			}
		case <-tick.C:
		}
		s.reload()
	}
}

// clear closes the evidence viewer (inactivity lock).
func (s *queueSection) clear() {
	if s.viewer != nil {
		s.viewer.Hide()
		s.viewer = nil
	}
}

// sizeText formats the evidence size.
func sizeText(n int64) string { return humanBytes(uint64(max(n, 0))) }
