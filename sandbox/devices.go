package sandbox

import (
	"crypto/ed25519"
	"crypto/x509"
	"encoding/base64"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/enrolkiosk/enrolkiosk/store/manifest"
)

// Device is one installation as the sandbox's key registry knows it.
type Device struct {
	InstallationID string `json:"installation_id"`
	// KeySHA256 is the fingerprint of the key pinned at the installation's first request
	// (manifest.Fingerprint); a request with another key is refused.
	KeySHA256 string `json:"key_sha256"`
	// AuditHead is the newest x-audit-head received ("seq:mac"); AuditBehind counts
	// requests whose head was behind it (a local log cut or rolled back).
	AuditHead   string `json:"audit_head,omitempty"`
	AuditBehind int    `json:"audit_behind,omitempty"`
	// ManifestsVerified counts the distinct enrolment manifests whose signature verified
	// with the pinned key; ManifestsRefused the requests refused for a bad one.
	ManifestsVerified int `json:"manifests_verified"`
	ManifestsRefused  int `json:"manifests_refused,omitempty"`

	key       ed25519.PublicKey
	auditSeq  uint64
	manifests map[string]bool
}

// deviceRegistry pins each installation's device key (first seen wins), records the
// audit heads it sends and verifies the evidence manifests it presents. In memory: a
// restarted sandbox pins again.
type deviceRegistry struct {
	mu      sync.Mutex
	devices map[string]*Device
}

func newDeviceRegistry() *deviceRegistry { return &deviceRegistry{devices: map[string]*Device{}} }

// check registers r's device headers; a non-empty message refuses the request with code.
func (g *deviceRegistry) check(r *http.Request) (int, string) {
	inst := r.Header.Get("x-installation_id")
	keyHdr := r.Header.Get("x-device-key")
	if inst == "" || keyHdr == "" {
		return 0, "" // a client that does not present a key (older kiosks) is not pinned
	}
	der, err := base64.StdEncoding.DecodeString(keyHdr)
	if err != nil {
		return http.StatusBadRequest, "x-device-key is not base64"
	}
	k, err := x509.ParsePKIXPublicKey(der)
	pub, ok := k.(ed25519.PublicKey)
	if err != nil || !ok {
		return http.StatusBadRequest, "x-device-key is not an Ed25519 SubjectPublicKeyInfo"
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	d := g.devices[inst]
	if d == nil {
		d = &Device{InstallationID: inst, KeySHA256: manifest.Fingerprint(pub), key: pub, manifests: map[string]bool{}}
		g.devices[inst] = d
	}
	if !d.key.Equal(pub) {
		return http.StatusForbidden, "x-device-key is not the key registered for this installation"
	}
	if head := r.Header.Get("x-audit-head"); head != "" {
		seqText, _, _ := strings.Cut(head, ":")
		seq, err := strconv.ParseUint(seqText, 10, 64)
		switch {
		case err != nil:
			return http.StatusBadRequest, "x-audit-head is not seq:mac"
		case seq < d.auditSeq:
			d.AuditBehind++
		default:
			d.auditSeq, d.AuditHead = seq, head
		}
	}
	return g.checkManifest(d, r)
}

// checkManifest verifies the x-evidence-manifest a request carries with the pinned key.
func (g *deviceRegistry) checkManifest(d *Device, r *http.Request) (int, string) {
	mh := r.Header.Get("x-evidence-manifest")
	if mh == "" {
		return 0, ""
	}
	data, err1 := base64.StdEncoding.DecodeString(mh)
	sig, err2 := base64.StdEncoding.DecodeString(r.Header.Get("x-evidence-manifest-sig"))
	if err1 != nil || err2 != nil {
		d.ManifestsRefused++
		return http.StatusBadRequest, "x-evidence-manifest and x-evidence-manifest-sig must be base64"
	}
	m, err := manifest.Verify(data, sig, d.key)
	if err != nil || m.InstallationID != d.InstallationID {
		d.ManifestsRefused++
		return http.StatusUnprocessableEntity, "the evidence manifest's signature does not verify with the device key registered for this installation"
	}
	if !d.manifests[m.EnrolmentID] {
		d.manifests[m.EnrolmentID] = true
		d.ManifestsVerified++
	}
	return 0, ""
}

// snapshot lists the registry, by installation id.
func (g *deviceRegistry) snapshot() []Device {
	g.mu.Lock()
	defer g.mu.Unlock()
	out := make([]Device, 0, len(g.devices))
	for _, d := range g.devices {
		out = append(out, *d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].InstallationID < out[j].InstallationID })
	return out
}

// deviceMiddleware refuses API requests whose device key or manifest does not verify.
func (s *Server) deviceMiddleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if code, msg := s.devices.check(r); msg != "" {
			writeError(w, r, code, msg)
			return
		}
		next.ServeHTTP(w, r)
	})
}
