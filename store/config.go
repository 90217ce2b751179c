package store

import (
	"context"
	"fmt"

	"github.com/enrolkiosk/enrolkiosk/config"
)

// OptionsFromConfig returns the Options the [store] section of the configuration asks
// for: the OS keyring unless disabled, the passphrase it references, the free-space
// reserve. The app and enrolctl both open the store through it, so they agree on where
// the device key is.
func OptionsFromConfig(ctx context.Context, c config.Store) (Options, error) {
	o := Options{MinFreeBytes: uint64(c.MinFreeMiB) << 20, Protection: c.KeyProtection}
	if (c.KeyProtection == ProtectionTPM || c.KeyProtection == ProtectionAuto || c.KeyProtection == "") && HasTPM() {
		o.OpenTPM = OpenTPM(DefaultTPMPath)
	}
	if c.Keyring {
		o.Keyring = OSKeyring{}
	}
	if !c.Passphrase.IsZero() && c.KeyProtection != ProtectionFile {
		p, err := c.Passphrase.Resolve(ctx, OSKeyring{})
		if err != nil {
			return o, fmt.Errorf("store passphrase (%s): %w", c.Passphrase, err)
		}
		o.Passphrase = []byte(p)
	}
	return o, nil
}
