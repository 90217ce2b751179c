package access

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
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
}

// NewVerifier hashes password for op with a fresh salt.
func NewVerifier(op Operator, password string, p Params) (Verifier, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return Verifier{}, fmt.Errorf("make a salt for the offline login: %w", err)
	}
	return Verifier{Operator: op, Params: p, Salt: salt, Hash: hash(password, salt, p)}, nil
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

// verifierName is the store value name of user's verifier: a hash, because value names
// are not encrypted and a user name may be an e-mail address.
func verifierName(user string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(user))))
	return "operator_verifier/" + hex.EncodeToString(sum[:16])
}
