package fleet

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/internal/durable"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// Errors of a remote configuration; each names what the administrator must fix.
var (
	// ErrUnsigned means no signature was published beside the document.
	ErrUnsigned = errors.New("the remote configuration is not signed (publish its signature at config_url + \".sig\"; docs/fleet.md)")
	// ErrBadSignature means the signature does not verify with fleet.admin_key.
	ErrBadSignature = errors.New("the remote configuration's signature does not verify with fleet.admin_key (sign the exact bytes published, with the administrator's key)")
	// ErrWeakens means the document would weaken the kiosk's protection.
	ErrWeakens = errors.New("the remote configuration would weaken the kiosk's protection (such changes need the local file)")
	// ErrInvalidDocument means the document is not a valid configuration.
	ErrInvalidDocument = errors.New("the remote configuration is refused")
)

// Document is a remote configuration as published: Body is TOML with any of the local
// file's settings, and Signature the Ed25519 signature of Body's exact bytes (decoded
// from the base64 text at config_url + ".sig"); Source says where it came from.
type Document struct {
	Body      []byte
	Signature []byte
	Source    string
}

// Digest returns the hex SHA-256 of the body: the document's name in the audit log.
func (d Document) Digest() string {
	sum := sha256.Sum256(d.Body)
	return hex.EncodeToString(sum[:])
}

// Check verifies d with key and returns base with d's settings applied. base is the local
// file's configuration: the document is validated like it (unknown keys, plain-text
// secrets, plain http and every range are refused) and may not weaken it (Weakenings).
func Check(key ed25519.PublicKey, base config.Config, d Document) (config.Config, error) {
	if len(d.Signature) == 0 {
		return base, ErrUnsigned
	}
	if len(key) != ed25519.PublicKeySize || !ed25519.Verify(key, d.Body, d.Signature) {
		return base, ErrBadSignature
	}
	next := base
	if err := config.Parse(d.Body, &next); err != nil {
		return base, fmt.Errorf("%w: %w", ErrInvalidDocument, err)
	}
	next.Path = base.Path
	if w := Weakenings(base, next); len(w) > 0 {
		return base, fmt.Errorf("%w: %s", ErrWeakens, strings.Join(w, "; "))
	}
	return next, nil
}

// reason maps a Check or fetch error to its metrics reason.
func reason(err error) string {
	switch {
	case errors.Is(err, ErrUnsigned):
		return ReasonUnsigned
	case errors.Is(err, ErrBadSignature):
		return ReasonSignature
	case errors.Is(err, ErrWeakens):
		return ReasonWeakens
	case errors.Is(err, ErrInvalidDocument):
		return ReasonInvalid
	}
	return ReasonFetch
}

// ParseSignature decodes the published signature text (base64, surrounding space ignored).
func ParseSignature(text []byte) ([]byte, error) {
	sig, err := base64.StdEncoding.DecodeString(string(bytes.TrimSpace(text)))
	if err != nil || len(sig) != ed25519.SignatureSize {
		return nil, fmt.Errorf("%w: the signature is not %d bytes of base64", ErrBadSignature, ed25519.SignatureSize)
	}
	return sig, nil
}

// Fetcher gets the published document.
type Fetcher interface {
	Fetch(ctx context.Context) (Document, error)
}

// HTTPFetcher gets the document at URL and its signature at URL + ".sig". A missing
// signature (404) is an unsigned document, not a fetch failure.
type HTTPFetcher struct {
	URL    string
	Client *http.Client
}

var _ Fetcher = HTTPFetcher{}

// maxDocument bounds the document and its signature: a configuration is a few KB.
const maxDocument = 1 << 20

// Fetch implements Fetcher.
func (f HTTPFetcher) Fetch(ctx context.Context) (Document, error) {
	body, status, err := f.get(ctx, f.URL)
	if err != nil {
		return Document{}, err
	}
	if status != http.StatusOK {
		return Document{}, fmt.Errorf("remote configuration %s: HTTP %d", f.URL, status)
	}
	d := Document{Body: body, Source: host(f.URL)}
	sig, status, err := f.get(ctx, f.URL+".sig")
	switch {
	case err != nil:
		return Document{}, err
	case status == http.StatusNotFound:
		return d, nil // unsigned: Check refuses it
	case status != http.StatusOK:
		return Document{}, fmt.Errorf("remote configuration signature %s.sig: HTTP %d", f.URL, status)
	}
	if d.Signature, err = ParseSignature(sig); err != nil {
		d.Signature = []byte{0} // present but malformed: a bad signature, not unsigned
	}
	return d, nil
}

func (f HTTPFetcher) get(ctx context.Context, u string) ([]byte, int, error) {
	client := f.Client
	if client == nil {
		client = http.DefaultClient
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, 0, fmt.Errorf("remote configuration: %w", err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, 0, fmt.Errorf("remote configuration: %w", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxDocument+1))
	if err != nil {
		return nil, 0, fmt.Errorf("remote configuration %s: %w", u, err)
	}
	if len(b) > maxDocument {
		return nil, 0, fmt.Errorf("remote configuration %s: larger than %d bytes", u, maxDocument)
	}
	return b, resp.StatusCode, nil
}

func host(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return u.Host
	}
	return ""
}

// Overlay files in the data dir: the last remote configuration applied, as published,
// so that it is in force again after a restart (verified again at every start).
const (
	OverlayFile    = "remote.toml"
	OverlaySigFile = "remote.toml.sig"
)

// SaveOverlay writes d durably into dir.
func SaveOverlay(dir string, d Document) error {
	if err := durable.WriteFile(filepath.Join(dir, OverlayFile), d.Body, 0o600); err != nil {
		return fmt.Errorf("save the remote configuration: %w", err)
	}
	sig := base64.StdEncoding.EncodeToString(d.Signature) + "\n"
	if err := durable.WriteFile(filepath.Join(dir, OverlaySigFile), []byte(sig), 0o600); err != nil {
		return fmt.Errorf("save the remote configuration's signature: %w", err)
	}
	return nil
}

// LoadOverlay returns base with the saved remote configuration in dir applied, checked
// again with key, and its digest (RemoteOptions.Current). It returns base and "" when
// there is none (or no key), and base with an error when the saved one no longer passes
// (a changed admin key or local file).
func LoadOverlay(dir string, key ed25519.PublicKey, base config.Config) (config.Config, string, error) {
	body, err := os.ReadFile(filepath.Join(dir, OverlayFile))
	if errors.Is(err, fs.ErrNotExist) || key == nil {
		return base, "", nil
	}
	if err != nil {
		return base, "", fmt.Errorf("the saved remote configuration: %w", err)
	}
	d := Document{Body: body, Source: OverlayFile}
	if text, err := os.ReadFile(filepath.Join(dir, OverlaySigFile)); err == nil {
		if d.Signature, err = ParseSignature(text); err != nil {
			d.Signature = []byte{0}
		}
	}
	cfg, err := Check(key, base, d)
	if err != nil {
		return base, "", fmt.Errorf("the saved remote configuration is not applied: %w", err)
	}
	return cfg, d.Digest(), nil
}

// Recorder appends to the audit log; *store.DB implements it.
type Recorder interface {
	Record(ctx context.Context, event, detail string) error
}

var _ Recorder = (*store.DB)(nil)

// RemoteOptions configures a Remote.
type RemoteOptions struct {
	Fetcher Fetcher
	// Key is fleet.admin_key.
	Key ed25519.PublicKey
	// Base returns the local file's configuration (without any remote one applied).
	Base func() config.Config
	// Busy reports whether an enrolment is in progress; a document is applied only when
	// it returns false, and deferred until then. It should say true when it cannot tell
	// within ctx. nil is never busy.
	Busy func(ctx context.Context) bool
	// Apply puts cfg in force (saving d with SaveOverlay first); it runs on Run's goroutine.
	Apply func(ctx context.Context, cfg config.Config, d Document) error
	// Audit records each applied document.
	Audit Recorder
	// Failures counts refusals and failures by reason (the collector's Config counter).
	Failures *Counter
	// Interval is how often the document is fetched; Recheck how often a deferred one
	// checks whether the enrolment in progress has ended (default 30s).
	Interval, Recheck time.Duration
	// Current is the digest of the document in force at start ("" for none).
	Current string
	Logger  *slog.Logger
}

// Remote fetches the signed remote configuration on a schedule and applies a new one
// when no enrolment is in progress.
type Remote struct {
	o       RemoteOptions
	mu      sync.Mutex
	current string
	applied atomic.Uint64
}

// NewRemote returns a Remote; call Run to start it.
func NewRemote(o RemoteOptions) *Remote {
	if o.Recheck <= 0 {
		o.Recheck = 30 * time.Second
	}
	if o.Interval <= 0 {
		o.Interval = 15 * time.Minute
	}
	if o.Failures == nil {
		o.Failures = &Counter{}
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Busy == nil {
		o.Busy = func(context.Context) bool { return false }
	}
	return &Remote{o: o, current: o.Current}
}

// Applied counts the documents applied since the start.
func (r *Remote) Applied() uint64 { return r.applied.Load() }

// Outcome is what one Poll did.
type Outcome int

// Poll outcomes.
const (
	// Unchanged: the document in force is still the one published.
	Unchanged Outcome = iota
	// Applied: a new document was applied.
	Applied
	// Deferred: a new, valid document waits for the enrolment in progress to end.
	Deferred
	// Refused: the document was refused or could not be fetched (the error says why).
	Refused
)

// Run polls every Interval until ctx ends; a deferred document is retried every Recheck.
func (r *Remote) Run(ctx context.Context) {
	for {
		out, err := r.Poll(ctx)
		if err != nil && ctx.Err() == nil {
			r.o.Logger.WarnContext(ctx, "fleet: remote configuration not applied", "err", err)
		}
		wait := r.o.Interval
		if out == Deferred {
			wait = r.o.Recheck
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// Poll fetches the document once and applies it if it is new, valid and no enrolment is
// in progress.
func (r *Remote) Poll(ctx context.Context) (Outcome, error) {
	d, err := r.o.Fetcher.Fetch(ctx)
	if err != nil {
		if ctx.Err() == nil {
			r.o.Failures.Add(ReasonFetch)
		}
		return Refused, err
	}
	r.mu.Lock()
	same := d.Digest() == r.current
	r.mu.Unlock()
	if same {
		return Unchanged, nil
	}
	cfg, err := Check(r.o.Key, r.o.Base(), d)
	if err != nil {
		r.o.Failures.Add(reason(err))
		return Refused, err
	}
	if r.o.Busy(ctx) {
		r.o.Logger.InfoContext(ctx, "fleet: a new remote configuration waits for the enrolment in progress to end", "sha256", d.Digest()[:12])
		return Deferred, nil
	}
	if err := r.o.Apply(ctx, cfg, d); err != nil {
		r.o.Failures.Add(ReasonApply)
		return Refused, fmt.Errorf("apply the remote configuration: %w", err)
	}
	if r.o.Audit != nil {
		if err := r.o.Audit.Record(context.WithoutCancel(ctx), store.EventConfigApplied, "sha256 "+d.Digest()+" from "+d.Source); err != nil {
			r.o.Failures.Add(ReasonApply)
			r.o.Logger.ErrorContext(ctx, "fleet: remote configuration applied but not recorded in the audit log", "err", err)
		}
	}
	r.mu.Lock()
	r.current = d.Digest()
	r.mu.Unlock()
	r.applied.Add(1)
	r.o.Logger.InfoContext(ctx, "fleet: remote configuration applied", "sha256", d.Digest()[:12], "from", d.Source)
	return Applied, nil
}
