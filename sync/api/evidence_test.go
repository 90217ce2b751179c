package api

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// evidenceDevice is a fakeDevice that also presents a key and an audit head.
type evidenceDevice struct {
	fakeDevice
	mu   sync.Mutex
	seen []string
}

func (*evidenceDevice) DeviceKey() string                { return "S0VZ" }
func (*evidenceDevice) AuditHead(context.Context) string { return "12:abcd" }
func (d *evidenceDevice) AuditSeen(_ context.Context, h string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.seen = append(d.seen, h)
}

var _ EvidenceDevice = (*evidenceDevice)(nil)

func TestEvidenceHeadersAndAcceptedHead(t *testing.T) {
	var got http.Header
	status := http.StatusOK
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		w.WriteHeader(status)
		w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	dev := &evidenceDevice{}
	c, _ := newClient(t, srv.URL, func(o *Options) { o.Device = dev })
	ctx := WithManifest(context.Background(), []byte(`{"m":1}`), []byte("sig"))
	if _, err := c.Do(ctx, Request{Method: "GET", Path: "/x"}); err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{HeaderDeviceKey: "S0VZ", HeaderAuditHead: "12:abcd",
		HeaderManifest: base64.StdEncoding.EncodeToString([]byte(`{"m":1}`)), HeaderManifestSig: base64.StdEncoding.EncodeToString([]byte("sig"))} {
		if got.Get(k) != want {
			t.Errorf("header %s = %q, want %q", k, got.Get(k), want)
		}
	}
	if len(dev.seen) != 1 || dev.seen[0] != "12:abcd" {
		t.Fatalf("accepted heads %v", dev.seen)
	}
	status = http.StatusBadRequest
	c.Do(context.Background(), Request{Method: "GET", Path: "/x"})
	if got.Get(HeaderManifest) != "" || len(dev.seen) != 1 {
		t.Fatalf("a refused request: manifest header %q, accepted heads %v", got.Get(HeaderManifest), dev.seen)
	}
}
