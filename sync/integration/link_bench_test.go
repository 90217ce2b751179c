package integration

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/capture/document/documenttest"
	"github.com/enrolkiosk/enrolkiosk/sandbox"
	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/store/storetest"
	"github.com/enrolkiosk/enrolkiosk/sync/internal/sandboxtest"
	"github.com/enrolkiosk/enrolkiosk/sync/oneshot"
)

// The emulated link of BenchmarkDrainOverSlowLink.
const (
	linkBPS = 10e6
	linkRTT = 100 * time.Millisecond
)

// BenchmarkDrainOverSlowLink measures the real `enrolctl sync` binary draining a data dir
// of sealed, realistic enrolments (three camera-like ID JPEGs of about 300 KB, a 1 MB
// WebM, the signature) to the `sandbox` binary, each its own process, through an emulated
// link of 10 Mbit/s with 100 ms round trips (the shaper, in this process: it is the
// network). Then one curl process uploads as many bytes as the drain put on the wire
// (counted by the shaper: headers, base64 and multipart framing, logins and polls
// included) in one stream, through the same link, to the same sandbox. Both run under
// /usr/bin/time, interleaved pair by pair, each pair against a fresh sandbox and a fresh
// copy of the data dir. It reports the median times, the median and worst ratio
// drain/curl (target <= 1.2), the agent's CPU and peak RSS, the bytes and the requests.
// ENROLKIOSK_LINK_N sets the count (default 200), ENROLKIOSK_LINK_PAIRS the pairs
// (default 2).
func BenchmarkDrainOverSlowLink(b *testing.B) {
	for _, tool := range []string{"ffmpeg", "curl", "go", "/usr/bin/time"} {
		if _, err := exec.LookPath(tool); err != nil {
			b.Skipf("%s not installed (make deps)", tool)
		}
	}
	n, pairs := envCount(b, "ENROLKIOSK_LINK_N", 200), envCount(b, "ENROLKIOSK_LINK_PAIRS", 2)
	dir := b.TempDir()
	ctl, sbx := buildTool(b, dir, "./cmd/enrolctl"), buildTool(b, dir, "./cmd/sandbox")
	seed := filepath.Join(dir, "seed")
	perEnrolment := sealRealistic(b, dir, seed, n)
	env := append(os.Environ(), "XDG_CONFIG_HOME="+filepath.Join(dir, "xdg"), "EKL_USER=9001800", "EKL_PASS=Gy6F89xK", "EKL_PIN=p1n",
		"EKL_BILL_USER="+sandbox.DemoBillingUsername, "EKL_BILL_PASS="+sandbox.DemoBillingPassword, "EKL_KEY="+sandbox.DemoAPIKey)

	var ours, curls, ratios, cpu []float64
	var rss int
	var up, requests int64
	b.ResetTimer()
	for i := range pairs {
		url, stop := startSandbox(b, sbx, "--data", filepath.Join(dir, fmt.Sprint("sandbox-", i)),
			"--processing-delay", "0", "--approval-delay", "0")
		sh := newShaper(b, strings.TrimPrefix(url, "http://"), linkBPS, linkRTT)
		cfg := writeLinkConfig(b, dir, i, sh.url())
		data := filepath.Join(dir, fmt.Sprint("data-", i))
		copyDir(b, seed, data)

		run := timedRun(b, env, ctl, "--data-dir", data, "--config", cfg, "sync", "--json")
		if run.code != 0 {
			b.Fatalf("enrolctl sync: exit %d\n%s\n%s", run.code, tail(run.stdout, 5), run.stderr)
		}
		checkLinkSummary(b, run.stdout, n)
		sent := sh.up.bytes.Load()
		requests = checkLinkSandbox(b, url, n)
		conns := sh.conns.Load()

		payload := filepath.Join(dir, "payload")
		writeZeros(b, payload, sent)
		peer := timedRun(b, env, "curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Expect:", "-X", "POST",
			"-T", payload, sh.url()+"/_sandbox/discard")
		if peer.code != 0 || string(peer.stdout) != "200" {
			b.Fatalf("curl: exit %d, HTTP %s %s", peer.code, peer.stdout, peer.stderr)
		}
		if got := sh.up.bytes.Load() - sent; got < sent {
			b.Fatalf("curl put %d bytes on the link, want at least %d", got, sent)
		}
		stop()
		os.RemoveAll(data)

		ours, curls, ratios = append(ours, run.wall), append(curls, peer.wall), append(ratios, run.wall/peer.wall)
		cpu, rss, up = append(cpu, run.cpu), max(rss, run.rssKB), sent
		b.Logf("pair %d: %d enrolments, %.1f MB up in %d requests over %d connections: enrolctl sync %.1f s (CPU %.1f s, RSS %d MB), curl %.1f s, ratio %.3f",
			i+1, n, float64(sent)/1e6, requests, conns, run.wall, run.cpu, run.rssKB/1024, peer.wall, run.wall/peer.wall)
	}
	b.StopTimer()
	b.ReportMetric(median(ours), "s-drain")
	b.ReportMetric(median(curls), "s-curl")
	b.ReportMetric(median(ratios), "drain/curl")
	b.ReportMetric(slices.Max(ratios), "drain/curl-max")
	b.ReportMetric(median(cpu), "s-cpu-agent")
	b.ReportMetric(float64(rss)/1024, "MB-rss-agent")
	b.ReportMetric(float64(up)/1e6/float64(n), "MB-up/enrolment")
	b.ReportMetric(float64(requests)/float64(n), "requests/enrolment")
	b.Logf("%d enrolments of %.2f MB of evidence through %.0f Mbit/s, %v RTT, %d pairs: drain/curl median %.3f, range %.3f-%.3f",
		n, float64(perEnrolment)/1e6, linkBPS/1e6, linkRTT, pairs, median(ratios), slices.Min(ratios), slices.Max(ratios))
}

// sealRealistic seals n enrolments into a new store in data and closes it: three
// camera-like ID JPEGs of about 300 KB (each its own picture), a 1 MB WebM, the
// signature fixtures. It returns the evidence bytes of one enrolment.
func sealRealistic(b *testing.B, dir, data string, n int) int {
	b.Helper()
	var pics [3][]byte
	for i := range pics {
		p, err := documenttest.EncodeJPEG(documenttest.CameraLike(1700, 1100, uint64(i+1)), 85, false)
		if err != nil {
			b.Fatal(err)
		}
		pics[i] = p
	}
	video := makeVideo(b, dir, 1<<20)
	sigPNG, sigISO := sandboxtest.Fixture(b, "signature.png"), sandboxtest.Fixture(b, "signature.iso")
	db := storetest.Open(b, storetest.InDir(data))
	for i := range n {
		if _, err := db.Seal(context.Background(), sandboxtest.Enrolment(oneshot.Name, i), []store.EvidenceInput{
			store.Bytes(store.DocumentFront, store.MediaJPEG, pics[0]), store.Bytes(store.DocumentRear, store.MediaJPEG, pics[1]),
			store.Bytes(store.DocumentOwner, store.MediaJPEG, pics[2]), store.Bytes(store.Video, store.MediaWebM, video.data),
			store.Bytes(store.SignatureImage, store.MediaPNG, sigPNG), store.Bytes(store.BiometricData, "application/octet-stream", sigISO),
		}); err != nil {
			b.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	return len(pics[0]) + len(pics[1]) + len(pics[2]) + len(video.data) + len(sigPNG) + len(sigISO)
}

// writeLinkConfig writes the enrolctl configuration of pair i: the oneshot profile with
// the biometric step, both at base, the demo credentials in EKL_* variables, the device
// key in the data dir.
func writeLinkConfig(b *testing.B, dir string, i int, base string) string {
	b.Helper()
	path := filepath.Join(dir, fmt.Sprint("enrolkiosk-", i, ".toml"))
	toml := `profile = "oneshot"
[backend]
oneshot_url = "` + base + `"
biometric_url = "` + base + `"
org_id = "acme"
registration_authority = "` + sandbox.DemoRegistrationAuthority + `"
cert_profile = "PFnubeQAFCiudadano"
username = { env = "EKL_USER" }
password = { env = "EKL_PASS" }
pin = { env = "EKL_PIN" }
billing_username = { env = "EKL_BILL_USER" }
billing_password = { env = "EKL_BILL_PASS" }
api_key = { env = "EKL_KEY" }
[store]
keyring = false
key_protection = "file"
min_free_mib = 1
`
	if err := os.WriteFile(path, []byte(toml), 0o600); err != nil {
		b.Fatal(err)
	}
	return path
}

// checkLinkSummary fails unless the last line of `sync --json` says all n confirmed.
func checkLinkSummary(b *testing.B, out []byte, n int) {
	b.Helper()
	var last struct {
		Summary struct {
			Confirmed int  `json:"confirmed"`
			OK        bool `json:"ok"`
		} `json:"summary"`
	}
	if err := json.Unmarshal([]byte(tail(out, 1)), &last); err != nil || last.Summary.Confirmed != n || !last.Summary.OK {
		b.Fatalf("enrolctl sync summary: %q (%v), want %d confirmed", tail(out, 1), err, n)
	}
}

// checkLinkSandbox fails unless the sandbox at url holds n One-Shot requests and n
// signatures, each step once, and no duplicate; it returns the API requests it answered.
func checkLinkSandbox(b *testing.B, url string, n int) int64 {
	b.Helper()
	resp, err := http.Get(url + "/_sandbox/received")
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	var rec sandbox.Received
	if err := json.NewDecoder(resp.Body).Decode(&rec); err != nil {
		b.Fatal(err)
	}
	sandboxtest.CheckExactlyOnce(b, rec, "oneshot", n, "create", "evidences", "video", "approve")
	sandboxtest.CheckExactlyOnce(b, rec, "biometric", n, "biometric_sign")
	var calls int64
	for route, c := range rec.Calls {
		if !strings.Contains(route, "/_sandbox/") {
			calls += int64(c.Total)
		}
	}
	return calls
}

// run is one process timed by /usr/bin/time.
type run struct {
	code           int
	wall, cpu      float64 // seconds: wall measured here, CPU (user + system) by time
	rssKB          int
	stdout, stderr []byte
}

// timedRun runs args under /usr/bin/time with env and returns its exit code, times, peak
// RSS and output.
func timedRun(b *testing.B, env []string, args ...string) run {
	b.Helper()
	stats := filepath.Join(b.TempDir(), "time")
	cmd := exec.Command("/usr/bin/time", append([]string{"-f", "%U %S %M", "-o", stats}, args...)...)
	cmd.Env = env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	r := run{wall: time.Since(start).Seconds(), stdout: out.Bytes(), stderr: errb.Bytes()}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		b.Fatalf("%s: %v", args[0], err)
	}
	raw, err := os.ReadFile(stats)
	if err != nil {
		b.Fatal(err)
	}
	f := strings.Fields(string(raw)) // time puts "Command exited with non-zero status" first
	if len(f) < 3 {
		b.Fatalf("unexpected /usr/bin/time output %q", raw)
	}
	u, _ := strconv.ParseFloat(f[len(f)-3], 64)
	s, _ := strconv.ParseFloat(f[len(f)-2], 64)
	r.rssKB, _ = strconv.Atoi(f[len(f)-1])
	r.cpu = u + s
	return r
}

// copyDir copies the regular files of src into a new directory dst.
func copyDir(b *testing.B, src, dst string) {
	b.Helper()
	if err := os.MkdirAll(dst, 0o700); err != nil {
		b.Fatal(err)
	}
	ents, err := os.ReadDir(src)
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range ents {
		if !e.Type().IsRegular() {
			continue
		}
		in, err := os.Open(filepath.Join(src, e.Name()))
		if err != nil {
			b.Fatal(err)
		}
		out, err := os.OpenFile(filepath.Join(dst, e.Name()), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err == nil {
			_, err = io.Copy(out, in)
			if cerr := out.Close(); err == nil {
				err = cerr
			}
		}
		in.Close()
		if err != nil {
			b.Fatal(err)
		}
	}
}

// writeZeros makes path a file of n zero bytes.
func writeZeros(b *testing.B, path string, n int64) {
	b.Helper()
	f, err := os.Create(path)
	if err == nil {
		err = f.Truncate(n)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		b.Fatal(err)
	}
}

// envCount reads a positive count from the environment variable name, or def.
func envCount(b *testing.B, name string, def int) int {
	b.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		b.Fatalf("%s=%q: want a positive count", name, v)
	}
	return n
}

// tail returns the last k lines of out.
func tail(out []byte, k int) string {
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return strings.Join(lines[max(0, len(lines)-k):], "\n")
}

// median is the middle of v (the upper one of an even count).
func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}
