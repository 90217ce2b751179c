package ui

import (
	"context"
	"sort"
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
	"github.com/enrolkiosk/enrolkiosk/ui/wizard"
)

// queueFrame is how often the queue screen draws what the worker and the store reported:
// about five updates a second however many events arrive, and a store change after a
// quiet spell at once.
const queueFrame = 200 * time.Millisecond

// queueSection lists the outbox, what needs the operator first (see attention), and pages
// the confirmed enrolments. It is a virtual list: widgets exist for the visible rows only
// and are rebound in place as the list scrolls or changes. The order comes from the
// store's in-memory index; an entry's details (its error, reason, what was sent) are read
// only when its row is shown, and kept until the entry changes.
type queueSection struct {
	deps    Deps
	summary *widget.Label
	errText *widget.Label
	list    *widget.List
	more    *widget.Button
	pause   *widget.Button
	syncBtn *widget.Button
	notice  *widget.Label // what the last action did, or why it failed (see say)
	viewer  dialog.Dialog
	object  fyne.CanvasObject

	view      queueView
	rowOf     map[string]int         // the view's rows by id (what the store said last: view.rows[rowOf[id]])
	reads     uint64                 // list reads started (each is numbered)
	shownRead uint64                 // the number of the read the view comes from
	confirmed int                    // how many confirmed entries are listed
	details   map[string]store.Entry // read entries, by id
	fetching  map[string]bool        // ids being read or about to be
	wanted    []string               // ids asked for in this frame
	scheduled bool                   // a read of wanted is scheduled
	progress  map[string]ksync.Event // last upload progress, by enrolment
	paused    map[string]string      // profile -> the backend's reason (refused credentials)
	rows      map[string]*queueRow   // the rows bound now, by enrolment id
	byObject  map[fyne.CanvasObject]*queueRow
	unreadble int
	onPause   func(text string) // the status bar's pause line
	onPaused  func(bool)        // told whenever the operator's pause is shown (the status bar's chip)
	operator  func() string     // the operator logged in, for the audit of reconciliations

	// wizardOptions are the wizard's options (camera, document processing, pad, Present,
	// Unlock) for a retake of an ID image; nil offers no retake.
	wizardOptions func() wizard.Options
	retake        *wizard.Retake  // the retake on screen, if any
	main          *fyne.Container // the queue itself
	retakeHost    *fyne.Container // holds the retake's screen in place of main

	events coalescer
	// busy counts reads and actions in flight (tests wait for them).
	busy sync.WaitGroup
}

func newQueueSection(deps Deps) *queueSection {
	s := &queueSection{deps: deps, summary: wrapped(""), errText: wrapped(""), confirmed: confirmedPage,
		details: map[string]store.Entry{}, fetching: map[string]bool{}, progress: map[string]ksync.Event{},
		paused: map[string]string{}, rows: map[string]*queueRow{}, byObject: map[fyne.CanvasObject]*queueRow{}}
	s.errText.Importance = widget.DangerImportance
	s.notice = wrapped("")
	s.list = widget.NewList(func() int { return len(s.view.rows) }, s.newRow, s.bind)
	s.more = widget.NewButton("", func() { s.confirmed += confirmedPage; s.reload() })
	s.more.Hide()
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
	s.notice.Hide()
	s.showProblems()
	top := container.NewVBox(container.NewBorder(nil, nil, heading(lang.L("Queue")), container.NewHBox(tools...)), s.summary, s.notice, s.errText)
	s.main = container.NewBorder(top, s.more, nil, nil, s.list)
	s.retakeHost = container.NewStack()
	s.object = container.NewStack(s.main, s.retakeHost)
	return s
}

func (s *queueSection) togglePause() {
	if s.deps.Sync.Paused() {
		s.deps.Sync.Resume()
		s.say(lang.L("Sending resumed."), true)
	} else {
		s.deps.Sync.Pause()
		s.say(lang.L("Sending paused: nothing is sent until you press Resume sending."), true)
	}
	s.showPaused()
	s.list.Refresh() // the visible rows say whether they wait for the pause
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

// newRow makes the widgets of one visible row.
func (s *queueSection) newRow() fyne.CanvasObject {
	r := newQueueRow(s)
	s.byObject[r.object] = r
	return r.object
}

// bind shows row i in obj (UI goroutine): from the index at once, with the details when
// they have been read (a read is started otherwise).
func (s *queueSection) bind(i widget.ListItemID, obj fyne.CanvasObject) {
	r := s.byObject[obj]
	if r == nil || i < 0 || i >= len(s.view.rows) {
		return
	}
	m := s.view.rows[i]
	if r.id != "" && s.rows[r.id] == r {
		delete(s.rows, r.id)
	}
	s.rows[m.ID] = r
	e, ok := s.details[m.ID]
	if !ok {
		e = store.Entry{ID: m.ID, Profile: m.Profile, State: m.State, Sealed: m.Sealed, Updated: m.Updated,
			Confirmed: m.Confirmed, NextAttempt: m.NextAttempt, Attempts: m.Attempts}
		s.fetch(m.ID)
	}
	r.set(e, s.progress[m.ID], s.paused[m.Profile])
}

// fetch asks for id's entry to be read; the next frame reads every entry asked for in
// one go off the UI goroutine (see flush).
func (s *queueSection) fetch(id string) {
	if s.deps.Store == nil || s.fetching[id] {
		return
	}
	s.fetching[id] = true
	s.events.want(id)
}

// read reads ids in full off the UI goroutine and hands them to the next frame.
func (s *queueSection) read(ids []string) {
	s.busy.Add(1)
	go func() {
		defer s.busy.Done()
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		defer cancel()
		got := make(map[string]store.Entry, len(ids))
		for _, id := range ids {
			e, err := s.deps.Store.Entry(ctx, id)
			if err != nil {
				e = store.Entry{ID: id} // gone or unreadable: the next list says so
			}
			got[id] = e
		}
		s.events.got(got)
	}()
}

// reload reads the store's index off the UI goroutine; the next frame shows it.
func (s *queueSection) reload() {
	if s.deps.Store == nil {
		return
	}
	paused := make(map[string]string, len(s.paused))
	for k, v := range s.paused {
		paused[k] = v
	}
	limit := s.confirmed
	s.reads++
	n := s.reads
	s.busy.Add(1)
	go func() {
		defer s.busy.Done()
		s.events.read(n, viewOf(s.deps.Store.Index(), paused, limit), s.deps.Store.UnreadableCount())
	}()
}

// apply shows v: cached details of entries that changed since they were read are dropped,
// and the list rebinds its visible rows in place.
func (s *queueSection) apply(v queueView, unreadable int) {
	rowOf := make(map[string]int, len(v.rows))
	for i, m := range v.rows {
		rowOf[m.ID] = i
		if e, ok := s.details[m.ID]; ok && (!e.Updated.Equal(m.Updated) || e.State != m.State) {
			delete(s.details, m.ID)
		}
	}
	for id := range s.details {
		if _, ok := rowOf[id]; !ok {
			delete(s.details, id)
		}
	}
	s.view, s.rowOf, s.unreadble = v, rowOf, unreadable
	s.list.Refresh()
	s.summary.SetText(summary(v.counts))
	s.showProblems()
	if v.confirmedTotal > v.confirmedShown {
		s.more.SetText(lang.L("Showing {{.Shown}} of {{.Total}} confirmed: show more",
			map[string]any{"Shown": v.confirmedShown, "Total": v.confirmedTotal}))
		s.more.Show()
	} else {
		s.more.Hide()
	}
}

// meta is what the list on screen says of id, if it lists it.
func (s *queueSection) meta(id string) (store.Meta, bool) {
	i, ok := s.rowOf[id]
	if !ok {
		return store.Meta{}, false
	}
	return s.view.rows[i], true
}

// showProblems shows what problems says, and takes no room when there is none.
func (s *queueSection) showProblems() {
	text := s.problems()
	s.errText.SetText(text)
	show(s.errText, text != "")
}

// problems says why nothing (or not everything) is sent, and what could not be read.
func (s *queueSection) problems() string {
	var lines []string
	if s.deps.SyncErr != nil {
		lines = append(lines, lang.L("Nothing is sent until this is fixed; enrolments wait in the queue:")+" "+s.deps.SyncErr.Error())
	}
	if p := s.pauseText(); p != "" {
		lines = append(lines, p)
	}
	if s.unreadble > 0 { // shown, not hidden: the rest of the queue is listed below
		lines = append(lines, lang.L("{{.Count}} entries could not be read: they are damaged or were altered on disk (run enrolctl verify).",
			map[string]any{"Count": s.unreadble}))
	}
	return strings.Join(lines, "\n")
}

// pauseText words the profiles paused on refused credentials, "" when none is.
func (s *queueSection) pauseText() string {
	names := make([]string, 0, len(s.paused))
	for p := range s.paused {
		names = append(names, p)
	}
	sort.Strings(names)
	var lines []string
	for _, p := range names {
		lines = append(lines, lang.L("Sending to {{.Profile}} is paused: the backend refused the credentials ({{.Reason}}). Fix them in Settings; sending resumes by itself.",
			map[string]any{"Profile": p, "Reason": s.paused[p]}))
	}
	return strings.Join(lines, "\n")
}

func summary(c map[store.State]int) string {
	waiting := 0
	for _, st := range store.Pending() {
		waiting += c[st]
	}
	need := c[store.Rejected] + c[store.Reconcile]
	switch {
	case waiting+need+c[store.Held] == 0:
		return lang.L("Every enrolment is delivered.")
	case need > 0:
		return lang.L("{{.Rejected}} rejected and {{.Reconcile}} to reconcile (need you), {{.Waiting}} waiting, {{.Held}} on hold",
			map[string]any{"Rejected": c[store.Rejected], "Reconcile": c[store.Reconcile], "Waiting": waiting, "Held": c[store.Held]})
	}
	return lang.L("Enrolments waiting to be delivered: {{.Count}}", map[string]any{"Count": waiting + c[store.Held]})
}

// act runs an operator action on id and reloads.
func (s *queueSection) act(id, done string, fn func(context.Context, string) error) {
	s.busy.Add(1)
	go func() {
		defer s.busy.Done()
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		err := fn(ctx, id)
		cancel()
		if err == nil && s.deps.Sync != nil {
			s.deps.Sync.SyncNow()
		}
		if err != nil {
			fyne.Do(func() { s.say(actionFailed(store.ShortID(id), done, err), false) })
		} else {
			fyne.Do(func() { s.say(actionDone(store.ShortID(id), done), true) })
		}
		s.events.changed()
	}()
}

// post hands a worker event to the screen from any goroutine; it is drawn with the next
// frame (see flush).
func (s *queueSection) post(e ksync.Event) { s.events.add(e) }

// flush draws what arrived since the last frame (UI goroutine): a list read, entries read,
// worker events, the latest progress; then starts the reads asked for.
func (s *queueSection) flush() {
	b := s.events.take()
	if b.view != nil && b.viewRead > s.shownRead { // an older read ending late would show an older queue
		s.shownRead = b.viewRead
		s.apply(*b.view, b.unreadable)
	}
	for id, e := range b.details {
		delete(s.fetching, id)
		if e.Updated.IsZero() && e.State == "" {
			continue
		}
		if m, ok := s.meta(id); ok && e.Updated.Before(m.Updated) {
			// Read before the change the list already shows (a read in flight when the
			// store changed): older than what is on screen, so read it again.
			if r := s.rows[id]; r != nil && r.id == id {
				s.fetch(id)
			}
			continue
		}
		s.details[id] = e
		if r := s.rows[id]; r != nil && r.id == id {
			r.set(e, s.progress[id], s.paused[e.Profile])
		}
	}
	for _, e := range b.worker {
		s.event(e)
	}
	for _, e := range b.progress {
		s.event(e)
	}
	if b.reload && s.deps.Store != nil {
		// Read here, from the store's in-memory index, and drawn in this frame: a read
		// handed to the next frame left the queue a frame or two behind the status bar.
		s.reads++
		s.shownRead = s.reads
		s.apply(viewOf(s.deps.Store.Index(), s.paused, s.confirmed), s.deps.Store.UnreadableCount())
	}
	if len(b.wanted) > 0 {
		s.read(b.wanted)
	}
}

// event shows one sync worker event (UI goroutine).
func (s *queueSection) event(e ksync.Event) {
	switch e.Kind {
	case ksync.EventProgress:
		// A progress event drawn after the store's next state (it was emitted before the
		// state but reached this frame with or after it) must not bring "Sending" back.
		if m, ok := s.meta(e.Enrolment); ok && m.State != store.Sending && m.State != store.Queued {
			return
		}
		s.progress[e.Enrolment] = e
		if r := s.rows[e.Enrolment]; r != nil && r.id == e.Enrolment && r.sending {
			r.showProgress(e)
		}
	case ksync.EventStep, ksync.EventState, ksync.EventRetry:
		delete(s.progress, e.Enrolment)
		s.events.changed()
	case ksync.EventWorker:
		switch {
		case e.Worker == ksync.WorkerAuthFailed && e.Profile != "":
			s.paused[e.Profile] = e.Err
		case e.Profile != "":
			delete(s.paused, e.Profile)
		}
		if s.pause != nil {
			s.showPaused()
		}
		s.showProblems()
		if s.onPause != nil {
			s.onPause(s.pauseText())
		}
	}
}

// watch draws the worker's events and the store's changes a few times a second (a change
// after a quiet spell at once), and
// reloads every 30 s, until ctx ends.
func (s *queueSection) watch(ctx context.Context) {
	if s.deps.Store == nil {
		return
	}
	changes := s.deps.Store.Watch(ctx)
	frame := time.NewTicker(queueFrame)
	defer frame.Stop()
	tick := time.NewTicker(30 * time.Second)
	defer tick.Stop()
	s.events.changed()
	var last time.Time // when a frame was last drawn
	draw := func() {
		last = time.Now()
		fyne.Do(s.flush)
	}
	for {
		select {
		case <-ctx.Done():
			return
		case _, ok := <-changes:
			if !ok {
				return
			}
			s.events.changed()
			if time.Since(last) >= queueFrame {
				draw() // a change after a quiet spell is drawn at once; a burst waits for the frame
			}
		case <-frame.C:
			if s.events.pending() && time.Since(last) >= queueFrame/2 {
				draw()
			}
		case <-tick.C:
			s.events.changed()
		}
	}
}

// clear closes the evidence viewer, the details and a retake in progress (the
// inactivity lock): no customer's data stays on screen.
func (s *queueSection) clear() {
	if s.viewer != nil {
		s.viewer.Hide()
		s.viewer = nil
	}
	if s.retake != nil {
		s.retake.Close()
		s.endRetake()
	}
}

// sizeText formats the evidence size.
func sizeText(n int64) string { return humanBytes(uint64(max(n, 0))) }
