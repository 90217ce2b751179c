package access

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"golang.org/x/crypto/argon2"

	"github.com/enrolkiosk/enrolkiosk/sync/auth"
)

// Params is the argon2id cost of a verifier.
type Params struct {
	Time      uint32 `json:"t"`
	MemoryKiB uint32 `json:"m"`
	Threads   uint8  `json:"p"`
}

// DefaultParams is RFC 9106's second recommended option, lighter on memory for kiosks.
var DefaultParams = Params{Time: 3, MemoryKiB: 64 << 10, Threads: 2}

// Upper bounds accepted from a stored verifier, so a forged value cannot exhaust memory.
const (
	maxTime      = 16
	maxMemoryKiB = 1 << 20
	saltLen      = 16
	hashLen      = 32
)

// Verifier lets an operator log in offline: the argon2id hash of their password from
// their last successful online login. It is stored encrypted in the store's values.
type Verifier struct {
	Operator Operator `json:"operator"`
	Params   Params   `json:"params"`
	Salt     []byte   `json:"salt"`
	Hash     []byte   `json:"hash"`
	// OnlineAt is when the online login it was made from passed (wall clock); the
	// verifier expires kiosk.offline_login_max_age later. Zero (a verifier older than
	// this field) is expired.
	OnlineAt time.Time `json:"online_at,omitzero"`
	// MFA is true when that login needed a second factor: such an operator is not let in
	// offline, because the kiosk cannot check the second factor without the backend.
	MFA bool `json:"mfa,omitempty"`
}

// NewVerifier hashes password for op with a fresh salt; at is when op logged in online.
func NewVerifier(op Operator, password string, p Params, at time.Time) (Verifier, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return Verifier{}, fmt.Errorf("make a salt for the offline login: %w", err)
	}
	mfa := op.Session.MFA
	op.Session = auth.Session{} // the verifier never holds the backend's token
	return Verifier{Operator: op, Params: p, Salt: salt, Hash: hash(password, salt, p), OnlineAt: at, MFA: mfa}, nil
}

// Expired reports whether the verifier may no longer let its operator in at now: older
// than maxAge since the online login, or made "after" now (the clock was set back past
// it, which would otherwise stretch its life).
func (v Verifier) Expired(now time.Time, maxAge time.Duration) bool {
	const skew = 5 * time.Minute
	return v.OnlineAt.IsZero() || now.Sub(v.OnlineAt) > maxAge || v.OnlineAt.Sub(now) > skew
}

func hash(password string, salt []byte, p Params) []byte {
	return argon2.IDKey([]byte(password), salt, p.Time, p.MemoryKiB, p.Threads, hashLen)
}

// Check reports whether password matches, in constant time.
func (v Verifier) Check(password string) bool {
	return subtle.ConstantTimeCompare(hash(password, v.Salt, v.Params), v.Hash) == 1
}

// ParseVerifier reads a stored verifier and refuses one with out-of-range parameters.
func ParseVerifier(b []byte) (Verifier, error) {
	var v Verifier
	if err := json.Unmarshal(b, &v); err != nil {
		return Verifier{}, fmt.Errorf("read the offline login record: %w", err)
	}
	p := v.Params
	if p.Time < 1 || p.Time > maxTime || p.MemoryKiB < 8 || p.MemoryKiB > maxMemoryKiB || p.Threads < 1 ||
		len(v.Salt) < 8 || len(v.Hash) != hashLen || v.Operator.ID == "" {
		return Verifier{}, fmt.Errorf("read the offline login record: its parameters are out of range")
	}
	return v, nil
}

// verifierName is the store value name of user's verifier.
func verifierName(user string) string { return "operator_verifier/" + userKey(user) }

// userKey names user in store value names: a hash, because value names are not
// encrypted and a user name may be an e-mail address. Case and surrounding spaces do
// not count, so "Ana" and " ana" share a verifier and a lockout.
func userKey(user string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(user))))
	return hex.EncodeToString(sum[:16])
}
