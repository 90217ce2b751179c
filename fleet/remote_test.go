package fleet_test

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/fleet"
	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/store/storetest"
)

// adminKey is the administrator's key pair of the tests (a fixed seed).
func adminKey(seed byte) ed25519.PrivateKey {
	return ed25519.NewKeyFromSeed([]byte(strings.Repeat(string(rune('a'+seed)), ed25519.SeedSize)))
}

// localConfig is the kiosk's own file: protected by a trusted third party and the default
// lockout, steered by the admin key.
func localConfig(t *testing.T) config.Config {
	t.Helper()
	cfg := config.Default()
	pub := adminKey(0).Public().(ed25519.PublicKey)
	local := "branch_id = \"QUITO-01\"\n[signature]\ntrusted_third_party = \"age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\"\n" +
		"[fleet]\nconfig_url = \"https://fleet.bank.example/kiosk.toml\"\nadmin_key = \"" + base64.StdEncoding.EncodeToString(pub) + "\"\n"
	if err := config.Parse([]byte(local), &cfg); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// published serves a document and, unless sig is nil, its signature text.
type published struct {
	mu        sync.Mutex
	body, sig []byte
}

func (p *published) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch r.URL.Path {
	case "/kiosk.toml":
		w.Write(p.body)
	case "/kiosk.toml.sig":
		if p.sig == nil {
			http.NotFound(w, r)
			return
		}
		w.Write(p.sig)
	default:
		http.NotFound(w, r)
	}
}

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "remote", name+".toml"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func sign(key ed25519.PrivateKey, body []byte) []byte {
	return []byte(base64.StdEncoding.EncodeToString(ed25519.Sign(key, body)) + "\n")
}

func TestRemoteConfiguration(t *testing.T) {
	for _, tc := range []struct {
		name    string
		doc     string
		sig     func(body []byte) []byte // nil: unsigned
		busy    bool
		want    fleet.Outcome
		wantErr error
		reason  string
	}{
		{name: "good signature", doc: "good", sig: func(b []byte) []byte { return sign(adminKey(0), b) }, want: fleet.Applied},
		{name: "signed by another key", doc: "good", sig: func(b []byte) []byte { return sign(adminKey(1), b) }, want: fleet.Refused, wantErr: fleet.ErrBadSignature, reason: fleet.ReasonSignature},
		{name: "signature of other bytes", doc: "good", sig: func(b []byte) []byte { return sign(adminKey(0), append(b, ' ')) }, want: fleet.Refused, wantErr: fleet.ErrBadSignature, reason: fleet.ReasonSignature},
		{name: "signature not base64", doc: "good", sig: func([]byte) []byte { return []byte("not a signature") }, want: fleet.Refused, wantErr: fleet.ErrBadSignature, reason: fleet.ReasonSignature},
		{name: "unsigned", doc: "good", want: fleet.Refused, wantErr: fleet.ErrUnsigned, reason: fleet.ReasonUnsigned},
		{name: "plain http backend", doc: "plain_http", sig: func(b []byte) []byte { return sign(adminKey(0), b) }, want: fleet.Refused, wantErr: fleet.ErrWeakens, reason: fleet.ReasonWeakens},
		{name: "more login failures", doc: "more_login_failures", sig: func(b []byte) []byte { return sign(adminKey(0), b) }, want: fleet.Refused, wantErr: fleet.ErrWeakens, reason: fleet.ReasonWeakens},
		{name: "trusted third party removed", doc: "no_third_party", sig: func(b []byte) []byte { return sign(adminKey(0), b) }, want: fleet.Refused, wantErr: fleet.ErrWeakens, reason: fleet.ReasonWeakens},
		{name: "admin key replaced", doc: "new_admin_key", sig: func(b []byte) []byte { return sign(adminKey(0), b) }, want: fleet.Refused, wantErr: fleet.ErrWeakens, reason: fleet.ReasonWeakens},
		{name: "plain-text secret", doc: "plaintext_secret", sig: func(b []byte) []byte { return sign(adminKey(0), b) }, want: fleet.Refused, wantErr: config.ErrInvalid, reason: fleet.ReasonInvalid},
		{name: "unknown key", doc: "unknown_key", sig: func(b []byte) []byte { return sign(adminKey(0), b) }, want: fleet.Refused, wantErr: config.ErrUnknownKey, reason: fleet.ReasonInvalid},
		{name: "deferred while enrolling", doc: "good", sig: func(b []byte) []byte { return sign(adminKey(0), b) }, busy: true, want: fleet.Deferred},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pub := &published{body: fixture(t, tc.doc)}
			if tc.sig != nil {
				pub.sig = tc.sig(pub.body)
			}
			srv := httptest.NewServer(pub)
			defer srv.Close()
			db := storetest.Open(t)
			base := localConfig(t)
			key, _ := base.Fleet.AdminPublicKey()
			failures := &fleet.Counter{}
			var applied []config.Config
			var mu sync.Mutex
			busy := tc.busy
			r := fleet.NewRemote(fleet.RemoteOptions{
				Fetcher: fleet.HTTPFetcher{URL: srv.URL + "/kiosk.toml", Client: srv.Client()}, Key: key,
				Base: func() config.Config { return base }, Busy: func(context.Context) bool { mu.Lock(); defer mu.Unlock(); return busy },
				Apply: func(ctx context.Context, cfg config.Config, d fleet.Document) error {
					applied = append(applied, cfg)
					return fleet.SaveOverlay(db.Dir(), d)
				},
				Audit: db, Failures: failures,
			})
			ctx := context.Background()
			out, err := r.Poll(ctx)
			if out != tc.want || (tc.wantErr == nil) != (err == nil) || tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Fatalf("Poll = %v, %v; want %v, %v", out, err, tc.want, tc.wantErr)
			}
			if tc.reason != "" {
				if got := failures.Snapshot(); got[tc.reason] != 1 || len(got) != 1 {
					t.Errorf("failures = %v, want one %s", got, tc.reason)
				}
				if len(applied) != 0 || r.Applied() != 0 {
					t.Errorf("a refused document was applied")
				}
				if audited(t, db) != 0 {
					t.Error("a refused document is in the audit log as applied")
				}
				return
			}
			if tc.busy {
				if len(applied) != 0 {
					t.Fatal("applied while an enrolment is in progress")
				}
				mu.Lock()
				busy = false
				mu.Unlock()
				if out, err := r.Poll(ctx); out != fleet.Applied || err != nil {
					t.Fatalf("after the enrolment: %v, %v", out, err)
				}
			}
			if len(applied) != 1 || r.Applied() != 1 {
				t.Fatalf("applied %d times", len(applied))
			}
			cfg := applied[0]
			if cfg.Fleet.MaxPending != 200 || cfg.Kiosk.MaxLoginFailures != 3 || cfg.BranchID != "QUITO-01" || cfg.Signature.TrustedThirdParty == "" {
				t.Errorf("applied configuration = fleet %+v kiosk %+v branch %q", cfg.Fleet, cfg.Kiosk, cfg.BranchID)
			}
			if n := audited(t, db); n != 1 {
				t.Errorf("audit entries of applied configurations: %d, want 1", n)
			}
			if out, err := r.Poll(ctx); out != fleet.Unchanged || err != nil || len(applied) != 1 {
				t.Errorf("the same document again: %v, %v (applied %d times)", out, err, len(applied))
			}
			// After a restart the saved overlay is in force again, verified again.
			again, digest, err := fleet.LoadOverlay(db.Dir(), key, base)
			if err != nil || len(digest) != 64 || again.Fleet.MaxPending != 200 {
				t.Errorf("LoadOverlay = %v, %q, %v", again.Fleet.MaxPending, digest, err)
			}
			restarted := fleet.NewRemote(fleet.RemoteOptions{Fetcher: fleet.HTTPFetcher{URL: srv.URL + "/kiosk.toml", Client: srv.Client()}, Key: key,
				Base: func() config.Config { return base }, Current: digest,
				Apply: func(context.Context, config.Config, fleet.Document) error {
					t.Error("applied again after a restart")
					return nil
				}})
			if out, err := restarted.Poll(ctx); out != fleet.Unchanged || err != nil {
				t.Errorf("after a restart: %v, %v", out, err)
			}
			other := adminKey(2).Public().(ed25519.PublicKey)
			if _, digest, err := fleet.LoadOverlay(db.Dir(), other, base); digest != "" || !errors.Is(err, fleet.ErrBadSignature) {
				t.Errorf("LoadOverlay with another admin key = %q, %v", digest, err)
			}
		})
	}
}

func audited(t *testing.T, db *store.DB) int {
	t.Helper()
	n := 0
	if err := db.Audit(context.Background(), 1, func(e store.AuditEntry) error {
		if e.Event == store.EventConfigApplied {
			n++
			if !strings.HasPrefix(e.Detail, "sha256 ") || e.Enrolment != "" {
				t.Errorf("audit entry %+v", e)
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestFetchFailureIsCounted(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	failures := &fleet.Counter{}
	r := fleet.NewRemote(fleet.RemoteOptions{Fetcher: fleet.HTTPFetcher{URL: srv.URL + "/kiosk.toml"}, Failures: failures,
		Base: config.Default, Apply: func(context.Context, config.Config, fleet.Document) error { t.Fatal("applied"); return nil }})
	if out, err := r.Poll(context.Background()); out != fleet.Refused || err == nil {
		t.Fatalf("Poll = %v, %v", out, err)
	}
	if failures.Snapshot()[fleet.ReasonFetch] != 1 {
		t.Fatalf("failures = %v", failures.Snapshot())
	}
}
