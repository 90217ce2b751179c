package ui

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
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
func realisticJPEG(b *testing.B, size int) []byte {
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
func webm(b *testing.B, dir string, size int) []byte {
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

func fixture(b *testing.B, name string) []byte {
	b.Helper()
	data, err := os.ReadFile(filepath.Join("..", "sync", "internal", "sandboxtest", "testdata", "evidence", name))
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// rss returns this process's resident set size and its anonymous part (heap, stacks:
// not the store's memory-mapped file), in bytes.
func rss() (total, anon uint64) {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		kb, _ := strconv.ParseUint(f[1], 10, 64)
		switch f[0] {
		case "VmRSS:":
			total = kb << 10
		case "RssAnon:":
			anon = kb << 10
		}
	}
	return total, anon
}

// startSandbox builds cmd/sandbox and starts it as its own process (so that this
// process's memory is the app's alone), ignoring Idempotency-Key, with no review delays,
// its data under dir; it returns the base URL.
func startSandbox(b *testing.B, dir string) string {
	b.Helper()
	bin := filepath.Join(dir, "sandbox-bin")
	build := exec.Command("go", "build", "-o", bin, "./cmd/sandbox")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("build sandbox: %v %s", err, out)
	}
	cmd := exec.Command(bin, "--addr", "127.0.0.1:0", "--data", filepath.Join(dir, "sandbox"), "--ignore-idempotency",
		"--processing-delay", "0", "--approval-delay", "0")
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		b.Fatalf("sandbox: %v", err)
	}
	go io.Copy(io.Discard, out)
	url, ok := strings.CutPrefix(strings.TrimSpace(line), "sandbox listening on ")
	if !ok {
		b.Fatalf("sandbox said %q", line)
	}
	return url
}

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

// BenchmarkDrainBacklog seals a backlog of realistic enrolments (three ID pictures of
// about 300 KB, a 1 MB video, a signature) and has the app's worker (agent.New: pacing,
// breakers, the oneshot profile) drain it to an in-process sandbox while the queue screen
// is shown and drawn as the app draws it (its frame ticker). It reports the peak Go heap
// and RSS while draining, the UI frame time (each frame's work on the UI goroutine: the
// events and reads handed over, the list rebound and the window painted), the answers
// 429, and the time from cancelling the app's context (what SIGTERM does) at full speed
// to every worker having returned. ENROLKIOSK_SCALE_N sets the backlog (default 5,000).
func BenchmarkDrainBacklog(b *testing.B) {
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		b.Skip("ffmpeg not installed (make deps)")
	}
	n := scaleN(b)
	dir := b.TempDir()
	pic := realisticJPEG(b, 300<<10)
	video := webm(b, dir, 1<<20)
	sig, sigPNG := fixture(b, "signature.iso"), fixture(b, "signature.png")
	db := storetest.Open(b, storetest.InDir(filepath.Join(dir, "data")))
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
			b.Fatal(err)
		}
	}
	b.Logf("sealed %d enrolments of %.1f MB each in %v", n, float64(3*len(pic)+len(video))/1e6, time.Since(sealStart).Round(time.Second))

	url := startSandbox(b, dir)
	counter := &countingTransport{base: http.DefaultTransport.(*http.Transport).Clone()}
	for k, v := range map[string]string{"EKB_USER": "9001800", "EKB_PASS": "Gy6F89xK", "EKB_PIN": "p1n",
		"EKB_BILL_USER": sandbox.DemoBillingUsername, "EKB_BILL_PASS": sandbox.DemoBillingPassword} {
		b.Setenv(k, v)
	}
	cfg := config.Default()
	cfg.Profile = "oneshot"
	be := &cfg.Backend
	be.OneShotURL, be.RegistrationAuthority, be.CertProfile = url, sandbox.DemoRegistrationAuthority, "PFnubeQAFCiudadano"
	be.Username, be.Password, be.PIN = config.SecretRef{Env: "EKB_USER"}, config.SecretRef{Env: "EKB_PASS"}, config.SecretRef{Env: "EKB_PIN"}
	be.BillingUsername, be.BillingPassword = config.SecretRef{Env: "EKB_BILL_USER"}, config.SecretRef{Env: "EKB_BILL_PASS"}

	test.NewTempApp(b)
	var shell atomic.Pointer[Shell]
	newWorker := func() *ksync.Worker {
		w, err := agent.New(context.Background(), agent.Options{Config: cfg, Store: db, PollInterval: 50 * time.Millisecond,
			Transport: counter, Logger: slog.New(slog.DiscardHandler), OnEvent: func(e ksync.Event) {
				if s := shell.Load(); s != nil {
					s.SyncEvent(e)
				}
			}})
		if err != nil {
			b.Fatal(err)
		}
		return w
	}
	worker := newWorker()
	s := NewShell(Deps{Config: cfg, DataDir: dir, Store: db, Sync: worker, Terms: wizard.Terms{Version: "T", Text: "terms"}})
	shell.Store(s)
	win := test.NewWindow(s.Object())
	win.Resize(fyne.NewSize(1280, 800))
	s.tabs.SelectIndex(tabQueue)

	// Samplers: memory every 50 ms; frames as the queue screen's ticker makes them.
	var mu sync.Mutex
	var peakHeap, peakRSS, peakAnon uint64
	var frames []time.Duration
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	profile := os.Getenv("ENROLKIOSK_SCALE_PPROF") // a heap profile written at each new peak (10 % above the last)
	var profiled uint64
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for ctx.Err() == nil {
			metrics.Read(sample)
			mu.Lock()
			r, anon := rss()
			heap := sample[0].Value.Uint64()
			peakHeap, peakRSS, peakAnon = max(peakHeap, heap), max(peakRSS, r), max(peakAnon, anon)
			mu.Unlock()
			if profile != "" && heap > profiled+profiled/10 {
				profiled = heap
				writeHeapProfile(b, profile)
			}
			select {
			case <-ctx.Done():
			case <-t.C:
			}
		}
	})
	frameLoop := func(ctx context.Context) {
		t := time.NewTicker(queueFrame)
		defer t.Stop()
		changes := db.Watch(ctx)
		for {
			select {
			case <-ctx.Done():
				return
			case <-changes:
				s.queue.events.changed()
			case <-t.C:
				start := time.Now()
				fyne.DoAndWait(func() { s.queue.flush(); win.Canvas().Refresh(s.Object()) })
				mu.Lock()
				frames = append(frames, time.Since(start))
				mu.Unlock()
			}
		}
	}
	runCtx, stop := context.WithCancel(ctx)
	var running sync.WaitGroup
	running.Go(func() { worker.Run(runCtx) })
	running.Go(func() { frameLoop(runCtx) })

	b.ResetTimer()
	start := time.Now()
	// At full speed, halfway: what SIGTERM does (cancel the app's context), timed until
	// every worker returned; then a new worker finishes the backlog.
	waitConfirmed(b, db, n/2)
	sigterm := time.Now()
	stop()
	running.Wait()
	toExit := time.Since(sigterm)
	worker = newWorker()
	runCtx, stop = context.WithCancel(ctx)
	running.Go(func() { worker.Run(runCtx) })
	running.Go(func() { frameLoop(runCtx) })
	waitConfirmed(b, db, n)
	took := time.Since(start)
	b.StopTimer()
	stop()
	running.Wait()
	cancel()
	wg.Wait()

	slices.Sort(frames)
	p := func(q float64) time.Duration {
		if len(frames) == 0 {
			return 0
		}
		return frames[min(len(frames)-1, int(q*float64(len(frames))))]
	}
	b.ReportMetric(float64(peakHeap)/(1<<20), "MB-peak-heap")
	b.ReportMetric(float64(peakRSS)/(1<<20), "MB-peak-RSS")
	b.ReportMetric(float64(peakAnon)/(1<<20), "MB-peak-RSS-anon")
	b.ReportMetric(float64(p(0.5).Microseconds())/1000, "ms-frame-p50")
	b.ReportMetric(float64(p(0.99).Microseconds())/1000, "ms-frame-p99")
	b.ReportMetric(float64(p(1).Microseconds())/1000, "ms-frame-max")
	b.ReportMetric(float64(counter.limited.Load()), "answers-429")
	b.ReportMetric(toExit.Seconds(), "s-SIGTERM-to-exit")
	b.ReportMetric(took.Seconds(), "s-drain")
	b.Logf("%d enrolments drained in %v: peak heap %.0f MB, peak RSS %.0f MB (%.0f MB anonymous, the rest the store's mapped file), %d frames (p50 %v, p99 %v, max %v), %d answers 429, SIGTERM to exit %v",
		n, took.Round(time.Second), float64(peakHeap)/(1<<20), float64(peakRSS)/(1<<20), float64(peakAnon)/(1<<20), len(frames), p(0.5), p(0.99), p(1), counter.limited.Load(), toExit.Round(time.Millisecond))
}

// writeHeapProfile writes the heap profile to path (ENROLKIOSK_SCALE_PPROF).
func writeHeapProfile(b *testing.B, path string) {
	f, err := os.Create(path)
	if err != nil {
		b.Error(err)
		return
	}
	defer f.Close()
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		b.Error(err)
	}
}

// waitConfirmed waits until at least n enrolments are confirmed (a hang guard of an hour).
func waitConfirmed(b *testing.B, db *store.DB, n int) {
	b.Helper()
	deadline := time.Now().Add(time.Hour)
	for db.Counts()[store.Confirmed] < n {
		if time.Now().After(deadline) {
			b.Fatalf("only %d of %d confirmed after an hour: %v", db.Counts()[store.Confirmed], n, db.Counts())
		}
		time.Sleep(50 * time.Millisecond)
	}
}
