package config

import (
	"errors"
	"fmt"
	"strings"

	"filippo.io/age"
)

// Signature holds the pen source, the signature image and the protection of biometric data.
type Signature struct {
	// Source is "pointer" (mouse/touch), "evdev" (first pen tablet found),
	// "evdev:/dev/input/eventN", "stu" (first Wacom STU signature pad found) or
	// "stu:/dev/hidrawN".
	Source string `toml:"source"`
	// TrustedThirdParty is an age X25519 recipient ("age1..."); when set, biometric data is
	// encrypted to it so that the kiosk cannot read it back.
	TrustedThirdParty string `toml:"trusted_third_party"`
	// ImageWidth and ImageHeight bound the signature_image PNG in pixels; the ink is
	// trimmed and scaled to fit.
	ImageWidth  int `toml:"image_width"`
	ImageHeight int `toml:"image_height"`
	// ImageBackground is "white" or "transparent".
	ImageBackground string `toml:"image_background"`
}

// ErrThirdPartyMissing means the terms promise the customer encryption of their biometric
// data to a trusted third party and signature.trusted_third_party is not set.
var ErrThirdPartyMissing = errors.New("signature.trusted_third_party is not set, but the terms tell the customer that their biometric data is encrypted for a trusted third party: set it to the third party's age recipient (age1...)")

// CheckPromise returns ErrThirdPartyMissing (wrapping ErrInvalid) when the terms promise
// encryption to a trusted third party and no recipient is set. Demo mode does not call it.
func (s Signature) CheckPromise(termsPromise bool) error {
	if termsPromise && s.TrustedThirdParty == "" {
		return fmt.Errorf("%w: %w", ErrInvalid, ErrThirdPartyMissing)
	}
	return nil
}

func defaultSignature() Signature {
	return Signature{Source: "pointer", ImageWidth: 800, ImageHeight: 300, ImageBackground: "white"}
}

func (s *Signature) validate() error {
	switch {
	case s.Source == "pointer", s.Source == "evdev", strings.HasPrefix(s.Source, "evdev:/"),
		s.Source == "stu", strings.HasPrefix(s.Source, "stu:/"):
	default:
		return fmt.Errorf("signature.source %q: use \"pointer\", \"evdev\", \"evdev:/dev/input/eventN\", \"stu\" or \"stu:/dev/hidrawN\"", s.Source)
	}
	if s.TrustedThirdParty != "" {
		if _, err := age.ParseX25519Recipient(s.TrustedThirdParty); err != nil {
			return fmt.Errorf("signature.trusted_third_party must be an age X25519 recipient (age1...; see age-keygen -y): %v", err)
		}
	}
	if s.ImageWidth < 100 || s.ImageWidth > 4000 || s.ImageHeight < 50 || s.ImageHeight > 2000 {
		return fmt.Errorf("signature.image_width %d and image_height %d: use 100..4000 by 50..2000 pixels", s.ImageWidth, s.ImageHeight)
	}
	if s.ImageBackground != "white" && s.ImageBackground != "transparent" {
		return fmt.Errorf("signature.image_background %q: use \"white\" or \"transparent\"", s.ImageBackground)
	}
	return nil
}
