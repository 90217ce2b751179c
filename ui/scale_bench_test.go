package ui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/internal/memlimit"
	"github.com/enrolkiosk/enrolkiosk/sandbox"
	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/store/storetest"
	ksync "github.com/enrolkiosk/enrolkiosk/sync"
	"github.com/enrolkiosk/enrolkiosk/sync/agent"
	"github.com/enrolkiosk/enrolkiosk/ui/wizard"
)

// scaleN is the backlog of BenchmarkDrainBacklog: ENROLKIOSK_SCALE_N, default 5,000.
func scaleN(b *testing.B) int {
	if v := os.Getenv("ENROLKIOSK_SCALE_N"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			b.Fatalf("ENROLKIOSK_SCALE_N=%q", v)
		}
		return n
	}
	return 5000
}

// realisticJPEG returns a JPEG of noise of about size bytes (an ID picture's size).
func realisticJPEG(b testing.TB, size int) []byte {
	b.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	for side := 400; ; side += 40 {
		img := image.NewRGBA(image.Rect(0, 0, side, side*2/3))
		for i := range img.Pix {
			img.Pix[i] = uint8(rng.IntN(256))
		}
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 60}); err != nil {
			b.Fatal(err)
		}
		if buf.Len() >= size {
			return buf.Bytes()
		}
	}
}

// webm makes a decodable WebM of about size bytes with ffmpeg.
func webm(b testing.TB, dir string, size int) []byte {
	b.Helper()
	path := filepath.Join(dir, "selfie.webm")
	kbps := size * 8 / 1000 / 4 * 17 / 10 // libvpx undershoots noise this much
	cmd := exec.Command("ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=640x480:rate=25,noise=alls=40:allf=t",
		"-t", "4", "-c:v", "libvpx", "-b:v", fmt.Sprintf("%dk", kbps), "-minrate", fmt.Sprintf("%dk", kbps),
		"-maxrate", fmt.Sprintf("%dk", kbps), "-an", "-y", path)
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("ffmpeg: %v %s", err, out)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	return data
}

func fixture(b testing.TB, name string) []byte {
	b.Helper()
	data, err := os.ReadFile(filepath.Join("..", "sync", "internal", "sandboxtest", "testdata", "evidence", name))
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// rss returns this process's resident set size and its anonymous part.
func rss() (total, anon uint64) { return procRSS(os.Getpid()) }

// countingTransport counts the answers 429.
type countingTransport struct {
	base    http.RoundTripper
	limited atomic.Int64
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := c.base.RoundTrip(r)
	if err == nil && resp.StatusCode == http.StatusTooManyRequests {
		c.limited.Add(1)
	}
	return resp, err
}

// scaleRun is what drainBacklog measured.
type scaleRun struct {
	n int
	// peakHeap, peakRSS and peakAnon are the in-process app's (the heap above what the process held at the start; worker, store, queue
	// screen) while it drained, in bytes; peakAnon leaves out the store's mapped file.
	peakHeap, peakRSS, peakAnon uint64
	// phaseHeap is the peak heap of phase 1 and of phase 4 apart: phase 4 starts on a
	// file whose compaction phase 3 cut short (a purged half in free pages).
	phaseHeap [2]uint64
	// frames are the queue screen's frame times while draining.
	frames []time.Duration
	// limited counts the answers 429, in-process and to the binary.
	limited int64
	// drainExit is the time from SIGTERM to exit of the enrolkiosk binary draining at
	// full speed (an upload in flight); compactExit the same during the compaction that
	// Maintain runs at start, and compactMidway whether that SIGTERM landed mid-copy.
	drainExit, compactExit time.Duration
	compactMidway          bool
	// appHeap and appAnon are the binary's peaks (gctrace, /proc) over both its runs.
	appHeap, appAnon uint64
	// ambiguous counts the enrolments left waiting for reconciliation (a create whose
	// answer a SIGTERM cut off).
	ambiguous int
	took      time.Duration
}

// drainBacklog seals n realistic enrolments (three ID pictures of about 300 KB, a 1 MB
// video, a signature) and drains them to the sandbox (its own process, ignoring
// Idempotency-Key) in four phases:
//  1. the app's worker (agent.New) and Maintain in this process, with the queue screen
//     shown and drawn at its frame rate, until half are confirmed: heap, RSS, frames, 429s;
//  2. the enrolkiosk binary on the same data dir, sent SIGTERM while an upload is in
//     flight: the time to exit through the app's own shutdown path;
//  3. the binary again with a retention of 1 s, so that Maintain at start purges the
//     confirmed half and compacts the file, sent SIGTERM once the compact copy is being
//     written: the time to exit, the live file untouched;
//  4. this process again, started as the app starts (Maintain beside the worker, which
//     redoes the compaction phase 3 cut short), until every enrolment is done (confirmed,
//     purged or waiting for reconciliation).
func drainBacklog(tb testing.TB, n int) scaleRun {
	for _, tool := range []string{"ffmpeg", "Xvfb"} {
		if _, err := exec.LookPath(tool); err != nil {
			tb.Skipf("%s not installed (make deps)", tool)
		}
	}
	run := scaleRun{n: n}
	dir := tb.TempDir()
	bin := filepath.Join(dir, "bin")
	buildBinaries(tb, bin)
	display := startXvfb(tb)
	pic := realisticJPEG(tb, 300<<10)
	video := webm(tb, dir, 1<<20)
	sig, sigPNG := fixture(tb, "signature.iso"), fixture(tb, "signature.png")
	dataDir := filepath.Join(dir, "data")
	db := storetest.Open(tb, storetest.InDir(dataDir))
	sealStart := time.Now()
	for i := range n {
		e := store.Enrolment{Profile: "oneshot", OperatorID: "rao-1", Branch: "MAD-01",
			Applicant: store.Applicant{GivenName: "Ana", Surname1: "García", IDDocumentType: "IDC", IDDocumentCountry: "ES",
				SerialNumber: fmt.Sprintf("%08dZ", i), Email: fmt.Sprintf("ana%d@example.com", i), MobilePhoneNumber: "+34600000000"},
			Acceptance: store.Acceptance{TermsVersion: "2026-01", Accepted: time.Now(), IP: "10.0.0.7", UserAgent: "bench"},
			Checks:     store.SecurityChecks{OriginalDocumentSeen: true, FaceMatches: true, NotExpired: true}}
		if _, err := db.Seal(context.Background(), e, []store.EvidenceInput{
			store.Bytes(store.DocumentFront, store.MediaJPEG, pic), store.Bytes(store.DocumentRear, store.MediaJPEG, pic),
			store.Bytes(store.DocumentOwner, store.MediaJPEG, pic), store.Bytes(store.Video, store.MediaWebM, video),
			store.Bytes(store.SignatureImage, store.MediaPNG, sigPNG), store.Bytes(store.BiometricData, "application/octet-stream", sig),
		}); err != nil {
			tb.Fatal(err)
		}
	}
	tb.Logf("sealed %d enrolments of %.1f MB each in %v", n, float64(3*len(pic)+len(video))/1e6, time.Since(sealStart).Round(time.Second))

	url := startSandbox(tb, bin, dir)
	proxy := &countingProxy{}
	proxyURL := proxy.start(tb, url)
	counter := &countingTransport{base: http.DefaultTransport.(*http.Transport).Clone()}
	for k, v := range map[string]string{"EKB_USER": "9001800", "EKB_PASS": "Gy6F89xK", "EKB_PIN": "p1n",
		"EKB_BILL_USER": sandbox.DemoBillingUsername, "EKB_BILL_PASS": sandbox.DemoBillingPassword} {
		tb.Setenv(k, v)
	}
	cfg := config.Default()
	cfg.Profile = "oneshot"
	be := &cfg.Backend
	be.OneShotURL, be.RegistrationAuthority, be.CertProfile = url, sandbox.DemoRegistrationAuthority, "PFnubeQAFCiudadano"
	be.Username, be.Password, be.PIN = config.SecretRef{Env: "EKB_USER"}, config.SecretRef{Env: "EKB_PASS"}, config.SecretRef{Env: "EKB_PIN"}
	be.BillingUsername, be.BillingPassword = config.SecretRef{Env: "EKB_BILL_USER"}, config.SecretRef{Env: "EKB_BILL_PASS"}

	test.NewTempApp(tb)
	memlimit.Apply() // the soft memory limit the enrolkiosk binary sets at start
	var shell atomic.Pointer[Shell]
	var sampling atomic.Bool // this process is the app (phases 1 and 4)
	var phase atomic.Int32   // 0 in phase 1, 1 in phase 4
	var mu sync.Mutex
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	// What the process held before the app started (the test binary, and in make test
	// what the package's earlier tests left) is not the app's: the heap is counted above it.
	runtime.GC()
	metrics.Read(sample)
	base := sample[0].Value.Uint64()
	profile := os.Getenv("ENROLKIOSK_SCALE_PPROF") // a heap profile written at each new peak (10 % above the last)
	var profiled uint64
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { // memory every 50 ms
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for ctx.Err() == nil {
			if sampling.Load() {
				metrics.Read(sample)
				heap := sample[0].Value.Uint64() - min(base, sample[0].Value.Uint64())
				r, anon := rss()
				mu.Lock()
				run.peakHeap, run.peakRSS, run.peakAnon = max(run.peakHeap, heap), max(run.peakRSS, r), max(run.peakAnon, anon)
				ph := &run.phaseHeap[phase.Load()]
				*ph = max(*ph, heap)
				mu.Unlock()
				if profile != "" && heap > profiled+profiled/10 {
					profiled = heap
					writeHeapProfile(tb, profile)
				}
			}
			select {
			case <-ctx.Done():
			case <-t.C:
			}
		}
	})
	// inProcess drains in this process until done() holds: the worker, and the queue
	// screen drawn as the app draws it (its frame ticker, the store's changes).
	inProcess := func(done func() bool) {
		worker, err := agent.New(context.Background(), agent.Options{Config: cfg, Store: db, PollInterval: 50 * time.Millisecond,
			Transport: counter, Logger: slog.New(slog.DiscardHandler), OnEvent: func(e ksync.Event) {
				if s := shell.Load(); s != nil {
					s.SyncEvent(e)
				}
			}})
		if err != nil {
			tb.Fatal(err)
		}
		s := NewShell(Deps{Config: cfg, DataDir: dataDir, Store: db, Sync: worker, Terms: wizard.Terms{Version: "T", Text: "terms"}})
		shell.Store(s)
		win := test.NewWindow(s.Object())
		defer win.Close()
		win.Resize(fyne.NewSize(1280, 800))
		s.tabs.SelectIndex(tabQueue)
		runCtx, stop := context.WithCancel(ctx)
		var running sync.WaitGroup
		running.Go(func() { worker.Run(runCtx) })
		running.Go(func() { // as the app starts: Maintain beside the worker (cmd/enrolkiosk/maintain.go)
			t0 := time.Now()
			pr, cr, err := db.Maintain(runCtx, cfg.Store.Retention.Duration, cfg.Store.CompactFreeRatio)
			if err != nil && runCtx.Err() == nil {
				tb.Errorf("Maintain at start: %v", err)
			}
			tb.Logf("Maintain at start (phase %d): %d purged, %d free pages (%.0f%% free), compacted %v: %.0f -> %.0f MB in %v",
				[]int{1, 4}[phase.Load()], len(pr.Purged), cr.FreePages, cr.FreeRatio*100, !cr.Skipped && err == nil, mb(uint64(cr.Before)), mb(uint64(cr.After)), time.Since(t0).Round(time.Millisecond))
		})
		running.Go(func() {
			t := time.NewTicker(queueFrame)
			defer t.Stop()
			changes := db.Watch(runCtx)
			for {
				select {
				case <-runCtx.Done():
					return
				case <-changes:
					s.queue.events.changed()
				case <-t.C:
					start := time.Now()
					fyne.DoAndWait(func() { s.queue.flush(); win.Canvas().Refresh(s.Object()) })
					mu.Lock()
					run.frames = append(run.frames, time.Since(start))
					mu.Unlock()
				}
			}
		})
		sampling.Store(true)
		waitFor(tb, db, done)
		sampling.Store(false)
		stop()
		running.Wait()
		shell.Store(nil)
	}
	finished := func(db *store.DB) int {
		c := db.Counts()
		return c[store.Confirmed] + c[store.Purged] + c[store.Reconcile]
	}

	if b, ok := tb.(*testing.B); ok {
		b.ResetTimer()
	}
	start := time.Now()
	// 1. This process, half the backlog.
	inProcess(func() bool { return db.Counts()[store.Confirmed] >= n/2 })
	if err := db.Close(); err != nil {
		tb.Fatal(err)
	}

	// 2. The binary at full speed: SIGTERM while an upload is in flight.
	cfgPath := filepath.Join(dir, "enrolkiosk.toml")
	appConfig(tb, cfgPath, proxyURL, "168h0m0s")
	app := startApp(tb, bin, display, cfgPath, dataDir)
	from := proxy.answered.Load()
	awaitApp(tb, app, "an upload in flight after 10 answers", func() bool {
		return proxy.answered.Load() >= from+10 && proxy.uploading.Load() > 0
	})
	run.drainExit = app.sigterm(tb)
	tb.Logf("the app drained %d requests, then exited %v after SIGTERM (an upload in flight)",
		proxy.answered.Load()-from, run.drainExit.Round(time.Millisecond))

	// 3. The binary again, purging and compacting at start: SIGTERM during the copy.
	live, err := os.Stat(filepath.Join(dataDir, store.FileName))
	if err != nil {
		tb.Fatal(err)
	}
	appConfig(tb, cfgPath, proxyURL, "1s")
	copyPath := filepath.Join(dataDir, store.FileName+".compact")
	app2 := startApp(tb, bin, display, cfgPath, dataDir)
	awaitApp(tb, app2, "the compact copy being written", func() bool {
		_, err := os.Stat(copyPath)
		return err == nil || strings.Contains(app2.logged(), "msg=retention") // or done between two looks
	})
	run.compactExit = app2.sigterm(tb)
	if _, err := os.Stat(copyPath); !errors.Is(err, os.ErrNotExist) {
		tb.Errorf("the compact copy was left after SIGTERM: %v", err)
	}
	after, err := os.Stat(filepath.Join(dataDir, store.FileName))
	if err != nil {
		tb.Fatal(err)
	}
	run.compactMidway = os.SameFile(live, after) && !strings.Contains(app2.logged(), "database compacted")
	storetest.Check(tb, dataDir)
	tb.Logf("the app exited %v after SIGTERM during Maintain's compaction (stopped midway: %v)",
		run.compactExit.Round(time.Millisecond), run.compactMidway)
	run.appHeap, run.appAnon = max(app.peakHeap.Load(), app2.peakHeap.Load()), max(app.peakAnon.Load(), app2.peakAnon.Load())

	// 4. This process, the rest.
	db = storetest.Open(tb, storetest.InDir(dataDir))
	phase.Store(1)
	inProcess(func() bool { return finished(db) >= n })
	run.took = time.Since(start)
	if b, ok := tb.(*testing.B); ok {
		b.StopTimer()
	}
	cancel()
	wg.Wait()
	run.limited = counter.limited.Load() + proxy.limited.Load()
	run.ambiguous = db.Counts()[store.Reconcile]
	slices.Sort(run.frames)
	return run
}

// frame returns the q-quantile of the frame times.
func (r scaleRun) frame(q float64) time.Duration {
	if len(r.frames) == 0 {
		return 0
	}
	return r.frames[min(len(r.frames)-1, int(q*float64(len(r.frames))))]
}

// log writes what the run measured.
func (r scaleRun) log(tb testing.TB) {
	tb.Logf("%d enrolments drained in %v: this process (worker, store, queue screen): peak heap %.0f MB (phase 1 %.0f MB, phase 4 %.0f MB), peak RSS %.0f MB (%.0f MB anonymous, the rest the store's mapped file), %d frames (p50 %v, p99 %v, max %v); the enrolkiosk binary: peak heap %.0f MB, peak anonymous RSS %.0f MB; %d answers 429; SIGTERM to exit %v draining, %v compacting (midway: %v); %d waiting for reconciliation",
		r.n, r.took.Round(time.Second), mb(r.peakHeap), mb(r.phaseHeap[0]), mb(r.phaseHeap[1]), mb(r.peakRSS), mb(r.peakAnon), len(r.frames), r.frame(0.5), r.frame(0.99), r.frame(1),
		mb(r.appHeap), mb(r.appAnon), r.limited, r.drainExit.Round(time.Millisecond), r.compactExit.Round(time.Millisecond), r.compactMidway, r.ambiguous)
}

func mb(n uint64) float64 { return float64(n) / (1 << 20) }

// BenchmarkDrainBacklog is drainBacklog with ENROLKIOSK_SCALE_N enrolments (default
// 5,000): it reports the peak heap and RSS of the app in this process, the UI frame time
// while draining, the answers 429, the enrolkiosk binary's time from SIGTERM to exit
// while draining at full speed and during a compaction, and its own peaks.
func BenchmarkDrainBacklog(b *testing.B) {
	r := drainBacklog(b, scaleN(b))
	b.ReportMetric(mb(r.peakHeap), "MB-peak-heap")
	b.ReportMetric(mb(r.phaseHeap[0]), "MB-peak-heap-phase1")
	b.ReportMetric(mb(r.phaseHeap[1]), "MB-peak-heap-phase4")
	b.ReportMetric(mb(r.peakRSS), "MB-peak-RSS")
	b.ReportMetric(mb(r.peakAnon), "MB-peak-RSS-anon")
	b.ReportMetric(float64(r.frame(0.5).Microseconds())/1000, "ms-frame-p50")
	b.ReportMetric(float64(r.frame(0.99).Microseconds())/1000, "ms-frame-p99")
	b.ReportMetric(float64(r.frame(1).Microseconds())/1000, "ms-frame-max")
	b.ReportMetric(float64(r.limited), "answers-429")
	b.ReportMetric(r.drainExit.Seconds(), "s-SIGTERM-to-exit")
	b.ReportMetric(r.compactExit.Seconds(), "s-SIGTERM-to-exit-compacting")
	b.ReportMetric(mb(r.appHeap), "MB-app-peak-heap")
	b.ReportMetric(mb(r.appAnon), "MB-app-peak-RSS-anon")
	b.ReportMetric(r.took.Seconds(), "s-drain")
	r.log(b)
}

// writeHeapProfile writes the heap profile to path (ENROLKIOSK_SCALE_PPROF).
func writeHeapProfile(tb testing.TB, path string) {
	f, err := os.Create(path)
	if err != nil {
		tb.Error(err)
		return
	}
	defer f.Close()
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		tb.Error(err)
	}
}

// waitFor waits until done holds (a hang guard of an hour).
func waitFor(tb testing.TB, db *store.DB, done func() bool) {
	tb.Helper()
	deadline := time.Now().Add(time.Hour)
	for !done() {
		if time.Now().After(deadline) {
			tb.Fatalf("not done after an hour: %v", db.Counts())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// awaitApp waits until cond holds while the app runs (a hang guard of ten minutes); it
// fails if the app exits first.
func awaitApp(tb testing.TB, app *appProc, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(10 * time.Minute)
	for !cond() {
		if app.exited() {
			tb.Fatalf("enrolkiosk exited before %s: %v:\n%s", what, app.err, app.logged())
		}
		if time.Now().After(deadline) {
			tb.Fatalf("no %s after ten minutes:\n%s", what, app.logged())
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// scaleChildEnv marks the process runAlone starts.
const scaleChildEnv = "ENROLKIOSK_SCALE_ALONE"

// runAlone runs the test named in a new process of this test binary and fails t with its
// output if it fails.
func runAlone(t *testing.T, name string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+name+"$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), scaleChildEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s in its own process: %v\n%s", name, err, out)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if strings.Contains(line, "scale_bench_test.go") {
			t.Log(strings.TrimSpace(line))
		}
	}
}

// TestDrainBacklogBounded is drainBacklog at a size make test affords (60 enrolments),
// with the bounds of the 5,000 run scaled: the heap within 100 MB plus 40 KB per
// enrolment (300 MB at 5,000), no answer 429, every enrolment done, and the enrolkiosk
// binary out within 5 s of SIGTERM both while draining and while compacting, its live
// file untouched and consistent. It runs in a process of its own (this test binary again),
// so that what the package's other tests left on the heap is not counted as the app's.
func TestDrainBacklogBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the app binary under Xvfb")
	}
	if os.Getenv(scaleChildEnv) == "" {
		runAlone(t, "TestDrainBacklogBounded")
		return
	}
	const n = 60
	r := drainBacklog(t, n)
	r.log(t)
	if bound := uint64(100<<20 + n*40<<10); r.peakHeap > bound {
		t.Errorf("peak heap %.0f MB, want at most %.0f MB", mb(r.peakHeap), mb(bound))
	}
	if r.limited != 0 {
		t.Errorf("%d answers 429, want none: the worker paces itself by X-RateLimit-*", r.limited)
	}
	for what, took := range map[string]time.Duration{"draining": r.drainExit, "compacting": r.compactExit} {
		if took > 5*time.Second {
			t.Errorf("the app took %v to exit after SIGTERM while %s, want under 5 s", took, what)
		}
	}
	if !r.compactMidway {
		t.Log("the compaction finished before the SIGTERM arrived; store's TestCompactCancelledMidwayLeavesDatabase covers the cancel midway")
	}
}
