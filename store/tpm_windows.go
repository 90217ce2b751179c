//go:build windows

package store

import (
	"github.com/google/go-tpm/tpm2/transport"
	"github.com/google/go-tpm/tpm2/transport/windowstpm"
)

// DefaultTPMPath names the machine's TPM for the messages; Windows reaches it through
// its TPM Base Services (TBS), not a device path.
const DefaultTPMPath = "TBS"

// OpenTPM is an Options.OpenTPM that opens the machine's TPM through TBS; path is
// ignored (Windows has no TPM device path).
func OpenTPM(string) func() (transport.TPMCloser, error) {
	return func() (transport.TPMCloser, error) { return windowstpm.Open() }
}

// HasTPM reports whether TBS gives this program a TPM 2.0.
func HasTPM() bool {
	t, err := windowstpm.Open()
	if err != nil {
		return false
	}
	_ = t.Close()
	return true
}
