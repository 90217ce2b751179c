package integration

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/sandbox"
	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/store/storetest"
	"github.com/enrolkiosk/enrolkiosk/sync/api"
	"github.com/enrolkiosk/enrolkiosk/sync/body"
	"github.com/enrolkiosk/enrolkiosk/sync/internal/sandboxtest"
	"github.com/enrolkiosk/enrolkiosk/sync/oneshot"
)

// benchBandwidth is the sandbox's per-request bandwidth cap in the upload benchmark.
const benchBandwidth = 8 << 20

// BenchmarkUpload5MiB sends a 5 MiB selfie video, streamed from the encrypted store, to
// a bandwidth-capped sandbox running as its own process, and in the same run has curl
// send the same file to the same endpoint. It reports both throughputs, their ratio
// (target >= 0.9) and the peak Go heap growth of this process while sending, as a
// multiple of the evidence size (target <= 2).
func BenchmarkUpload5MiB(b *testing.B) {
	for _, tool := range []string{"ffmpeg", "curl", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			b.Skipf("%s not installed (make deps)", tool)
		}
	}
	dir := b.TempDir()
	video := makeVideo(b, dir, 5<<20+(5<<20)/8)
	url := startSandboxProcess(b, dir)
	db := storetest.Open(b)
	rec, err := db.Seal(context.Background(), sandboxtest.Enrolment(oneshot.Name, 1), []store.EvidenceInput{
		store.Bytes(store.Video, "video/webm", video.data)})
	if err != nil {
		b.Fatal(err)
	}
	c := sandboxtest.Client(b, url, "inst-bench", func(o *api.Options) { o.Timeout = 5 * time.Minute })
	pk := createRequest(b, c)
	path := "/api/v1/videoid/" + pk + "/evidences/video"
	src := body.Source{Name: "video", Size: int64(len(video.data)), Open: func(ctx context.Context) (io.ReadCloser, error) {
		rc, _, err := db.OpenEvidence(ctx, rec.ID, store.Video)
		return rc, err
	}}
	var ours, curls time.Duration
	var peak uint64
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		mb, err := body.Multipart([]body.Field{{Name: "video", FileName: "selfie.webm", ContentType: "video/webm", Src: &src}}, "")
		if err != nil {
			b.Fatal(err)
		}
		stop := sampleHeap()
		start := time.Now()
		if _, err := c.Do(context.Background(), api.Request{Method: http.MethodPost, Path: path, Body: mb,
			IdempotencyKey: fmt.Sprintf("bench-%d-%d", time.Now().UnixNano(), i)}); err != nil {
			b.Fatal(err)
		}
		ours += time.Since(start)
		peak = max(peak, stop())
		curls += curlUpload(b, url+path, video.path)
	}
	b.StopTimer()
	// Once more with the collector kept tight, so that the peak shows what the upload
	// holds on to rather than the garbage a default GOGC=100 lets pile up between cycles.
	old := debug.SetGCPercent(5)
	mb, _ := body.Multipart([]body.Field{{Name: "video", FileName: "selfie.webm", ContentType: "video/webm", Src: &src}}, "")
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	stop := sampleHeap()
	if _, err := c.Do(context.Background(), api.Request{Method: http.MethodPost, Path: path, Body: mb,
		IdempotencyKey: fmt.Sprintf("bench-live-%d", time.Now().UnixNano())}); err != nil {
		b.Fatal(err)
	}
	live := stop()
	runtime.ReadMemStats(&ms1)
	debug.SetGCPercent(old)
	b.ReportMetric(float64(live)/float64(len(video.data)), "live_heap_x_evidence")
	b.ReportMetric(float64(ms1.TotalAlloc-ms0.TotalAlloc)/float64(len(video.data)), "alloc_x_evidence")
	n := float64(b.N) * float64(len(video.data))
	oursBPS, curlBPS := n/ours.Seconds(), n/curls.Seconds()
	b.ReportMetric(oursBPS/(1<<20), "MiB/s")
	b.ReportMetric(curlBPS/(1<<20), "curl_MiB/s")
	b.ReportMetric(oursBPS/curlBPS, "x_curl")
	b.ReportMetric(float64(peak)/float64(len(video.data)), "heap_x_evidence")
	b.ReportMetric(float64(len(video.data))/(1<<20), "evidence_MiB")
}

type videoFile struct {
	path string
	data []byte
}

// makeVideo encodes a WebM (VP8) of about size bytes with ffmpeg: noisy test frames so
// the size is mostly real picture data.
func makeVideo(b *testing.B, dir string, size int) videoFile {
	b.Helper()
	path := filepath.Join(dir, "selfie.webm")
	secs := 4
	kbps := size * 8 / 1000 / secs
	cmd := exec.Command("ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=640x480:rate=25,noise=alls=40:allf=t",
		"-t", fmt.Sprint(secs), "-c:v", "libvpx", "-b:v", fmt.Sprintf("%dk", kbps), "-minrate", fmt.Sprintf("%dk", kbps),
		"-maxrate", fmt.Sprintf("%dk", kbps), "-an", "-y", path)
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("ffmpeg: %v %s", err, out)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	return videoFile{path: path, data: data}
}

// startSandboxProcess builds and starts cmd/sandbox with the bandwidth cap, on a free
// loopback port, and returns its base URL.
func startSandboxProcess(b *testing.B, dir string) string {
	b.Helper()
	url, _ := startSandbox(b, buildTool(b, dir, "./cmd/sandbox"), "--bandwidth", fmt.Sprint(benchBandwidth),
		"--processing-delay", "0", "--approval-delay", "0")
	return url
}

// buildTool builds the command in pkg (./cmd/NAME, relative to the repository root)
// into dir and returns the binary's path.
func buildTool(b *testing.B, dir, pkg string) string {
	b.Helper()
	bin := filepath.Join(dir, filepath.Base(pkg))
	build := exec.Command("go", "build", "-o", bin, pkg)
	build.Dir = repoRoot(b)
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("build %s: %v %s", pkg, err, out)
	}
	return bin
}

// startSandbox starts the sandbox binary bin with args on a free loopback port, as its
// own process, and returns its base URL and a function that stops it (SIGTERM, then the
// wait for it to exit); it is stopped when the benchmark ends at the latest.
func startSandbox(b *testing.B, bin string, args ...string) (string, func()) {
	b.Helper()
	cmd := exec.Command(bin, append([]string{"--addr", "127.0.0.1:0"}, args...)...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cmd.Process.Signal(syscall.SIGTERM)
			cmd.Wait()
		})
	}
	b.Cleanup(stop)
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if _, url, ok := strings.Cut(sc.Text(), "listening on "); ok {
			go io.Copy(io.Discard, out)
			return strings.TrimSpace(url), stop
		}
	}
	b.Fatal("the sandbox never said where it listens")
	return "", stop
}

// repoRoot walks up from this package to the directory holding go.mod.
func repoRoot(b *testing.B) string {
	dir := sandboxtest.Dir()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			b.Fatal("no go.mod above " + sandboxtest.Dir())
		}
		dir = parent
	}
}

func createRequest(b *testing.B, c *api.Client) string {
	b.Helper()
	bd, _ := body.NewJSONBuilder().Build(map[string]string{"mobile_phone_number": "+34600000000", "email": "bench@example.com",
		"registration_authority": sandbox.DemoRegistrationAuthority, "profile": "PFnubeQAFCiudadano",
		"billing_username": sandbox.DemoBillingUsername, "billing_password": sandbox.DemoBillingPassword, "env": "sandbox"})
	resp, err := c.Do(context.Background(), api.Request{Method: http.MethodPost, Path: "/api/v1/videoid", Body: bd})
	if err != nil {
		b.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(resp.Body), `"request_pk":`)
	pk, _, _ := strings.Cut(rest, ",")
	return strings.TrimSpace(strings.Trim(pk, "}"))
}

// curlUpload sends file as the multipart part "video" with curl and returns the time.
func curlUpload(b *testing.B, url, file string) time.Duration {
	b.Helper()
	start := time.Now()
	out, err := exec.Command("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-H", "x-installation_id: inst-curl",
		"-F", "video=@"+file+";type=video/webm", url).Output()
	d := time.Since(start)
	if err != nil || string(out) != "200" {
		b.Fatalf("curl: %v, HTTP %s", err, out)
	}
	return d
}

// sampleHeap samples the live heap every millisecond until the returned function is
// called, which returns the peak growth over the heap at the start.
func sampleHeap() func() uint64 {
	runtime.GC()
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { metrics.Read(s); return s[0].Value.Uint64() }
	base := read()
	done := make(chan uint64)
	stop := make(chan struct{})
	go func() {
		peak := base
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				done <- max(peak, read()) - base
				return
			case <-t.C:
				peak = max(peak, read())
			}
		}
	}()
	return func() uint64 { close(stop); return <-done }
}
