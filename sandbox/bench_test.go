package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// noisyJPEG encodes a seeded noise image: noise does not compress, so size is predictable.
func noisyJPEG(b *testing.B, w, h int) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = uint8(rng.IntN(256))
	}
	img.Set(0, 0, color.Black)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// evidencesMiB is a complete evidences body of about 1 MiB (three images).
func evidencesMiB(b *testing.B) []byte {
	ev := demoEvidences(b)
	ev["videoid_data"].(map[string]any)["images"].(map[string]any)["document_front"] = b64(noisyJPEG(b, 1150, 780))
	body, err := json.Marshal(ev)
	if err != nil {
		b.Fatal(err)
	}
	return body
}

// postLoop posts body to url with parallel clients and reports requests per second.
func postLoop(b *testing.B, url string, body []byte) float64 {
	b.SetBytes(int64(len(body)))
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			res, err := client.Post(url, "application/json", bytes.NewReader(body))
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				b.Errorf("status %d", res.StatusCode)
				return
			}
		}
	})
	return float64(b.N) / time.Since(start).Seconds()
}

// BenchmarkEvidences1MiB measures requests per second the sandbox sustains on loopback for
// the evidences endpoint with a 1 MiB body (full validation: JSON, base64, JPEG decode,
// bbolt write), side by side with a peer server that only drains the body, and reports the
// ratio sandbox/peer. "same-images" resends one body (what a sync benchmark does: images
// already validated are recognised by hash); "distinct-images" decodes every image.
func BenchmarkEvidences1MiB(b *testing.B) {
	body := evidencesMiB(b)
	peer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Write([]byte(`{"status":"200 OK","details":"Videoid evidences uploaded"}`))
	}))
	defer peer.Close()
	for _, cached := range []bool{true, false} {
		name := map[bool]string{true: "same-images", false: "distinct-images"}[cached]
		b.Run(name, func(b *testing.B) {
			url, done := evidencesURL(b, cached)
			defer done()
			b.ResetTimer()
			sandboxRPS := postLoop(b, url, body)
			b.StopTimer()
			peerRPS := postLoop(b, peer.URL, body)
			b.ReportMetric(sandboxRPS, "req/s")
			b.ReportMetric(peerRPS, "peer-req/s")
			b.ReportMetric(sandboxRPS/peerRPS, "sandbox/peer")
			b.ReportMetric(float64(len(body))/(1<<20), "MiB/body")
		})
	}
}

// evidencesURL starts a sandbox on loopback with one request and returns its evidences URL.
func evidencesURL(b *testing.B, cached bool) (string, func()) {
	s, err := New(context.Background(), Options{Limits: []Limit{{Requests: 0}}})
	if err != nil {
		b.Fatal(err)
	}
	if !cached {
		s.images = nil
	}
	hs := httptest.NewServer(s.Handler())
	res, err := http.Post(hs.URL+"/api/v1/videoid", "application/json", bytes.NewReader([]byte(mustJSON(b, demoCreate()))))
	if err != nil {
		b.Fatal(err)
	}
	var created struct {
		Details struct {
			RequestPK uint64 `json:"request_pk"`
		} `json:"details"`
	}
	json.NewDecoder(res.Body).Decode(&created)
	res.Body.Close()
	url := hs.URL + "/api/v1/videoid/" + jsonNumber(float64(created.Details.RequestPK)) + "/evidences"
	return url, func() { hs.Close(); s.Close() }
}
