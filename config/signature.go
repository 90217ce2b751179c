package config

import (
	"fmt"
	"strings"
)

// Signature holds the pen source and the protection of biometric data.
type Signature struct {
	// Source is "pointer" (mouse/touch), "evdev" (first pen tablet found) or
	// "evdev:/dev/input/eventN".
	Source string `toml:"source"`
	// TrustedThirdParty is an age X25519 recipient ("age1..."); when set, biometric data is
	// encrypted to it so that the kiosk cannot read it back.
	TrustedThirdParty string `toml:"trusted_third_party"`
}

func defaultSignature() Signature { return Signature{Source: "pointer"} }

func (s *Signature) validate() error {
	switch {
	case s.Source == "pointer", s.Source == "evdev", strings.HasPrefix(s.Source, "evdev:/"):
	default:
		return fmt.Errorf("signature.source %q: use \"pointer\", \"evdev\" or \"evdev:/dev/input/eventN\"", s.Source)
	}
	if s.TrustedThirdParty != "" && !strings.HasPrefix(s.TrustedThirdParty, "age1") {
		return fmt.Errorf("signature.trusted_third_party must be an age recipient starting with age1")
	}
	return nil
}
