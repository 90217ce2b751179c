//go:build !windows

package store

import (
	"os"

	"github.com/google/go-tpm/tpm2/transport"
	"github.com/google/go-tpm/tpm2/transport/linuxtpm"
)

// DefaultTPMPath is the kernel's resource-managed TPM 2.0 device.
const DefaultTPMPath = "/dev/tpmrm0"

// OpenTPM is an Options.OpenTPM that opens the TPM device at path.
func OpenTPM(path string) func() (transport.TPMCloser, error) {
	return func() (transport.TPMCloser, error) { return linuxtpm.Open(path) }
}

// HasTPM reports whether this machine has a TPM device at DefaultTPMPath.
func HasTPM() bool {
	_, err := os.Stat(DefaultTPMPath)
	return err == nil
}
