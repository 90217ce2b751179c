package fleet

import (
	"net/url"

	"github.com/enrolkiosk/enrolkiosk/config"
)

// Weakenings lists, in words an administrator can act on, each way next would weaken the
// protection old gives. A remote configuration that weakens anything is refused whole;
// such a change needs a visit to the kiosk (its local file). The list:
//
//   - a backend URL that becomes plain http (only loopback hosts are allowed it at all);
//   - backend.ca_bundle changed or removed (which CAs are trusted is decided locally);
//   - kiosk.max_login_failures raised, kiosk.inactivity_lock lengthened or turned off,
//     kiosk.fullscreen turned off;
//   - signature.trusted_third_party removed or changed;
//   - store.passphrase removed or changed, store.keyring turned off;
//   - fleet.admin_key or fleet.config_url changed (the trust anchor stays local).
func Weakenings(old, next config.Config) []string {
	var out []string
	ob, nb := old.Backend, next.Backend
	for _, u := range []struct{ name, old, next string }{
		{"backend.oneshot_url", ob.OneShotURL, nb.OneShotURL}, {"backend.signal_url", ob.SignalURL, nb.SignalURL},
		{"backend.people_url", ob.PeopleURL, nb.PeopleURL}, {"backend.biometric_url", ob.BiometricURL, nb.BiometricURL},
		{"backend.auth_url", ob.AuthURL, nb.AuthURL},
	} {
		if u.next != u.old && scheme(u.next) == "http" {
			out = append(out, u.name+" would use plain http")
		}
	}
	if nb.CABundle != ob.CABundle {
		out = append(out, "backend.ca_bundle would change which CAs are trusted")
	}
	ok, nk := old.Kiosk, next.Kiosk
	if nk.MaxLoginFailures > ok.MaxLoginFailures {
		out = append(out, "kiosk.max_login_failures would allow more wrong passwords")
	}
	if ok.InactivityLock.Duration != 0 && (nk.InactivityLock.Duration == 0 || nk.InactivityLock.Duration > ok.InactivityLock.Duration) {
		out = append(out, "kiosk.inactivity_lock would lock later or never")
	}
	if ok.Fullscreen && !nk.Fullscreen {
		out = append(out, "kiosk.fullscreen would leave kiosk mode")
	}
	if os, ns := old.Signature.TrustedThirdParty, next.Signature.TrustedThirdParty; os != "" && ns != os {
		out = append(out, "signature.trusted_third_party would be removed or replaced")
	}
	if op, np := old.Store.Passphrase, next.Store.Passphrase; !op.IsZero() && np != op {
		out = append(out, "store.passphrase would be removed or replaced")
	}
	if old.Store.Keyring && !next.Store.Keyring {
		out = append(out, "store.keyring would move the device key out of the OS keyring")
	}
	if next.Fleet.AdminKey != old.Fleet.AdminKey {
		out = append(out, "fleet.admin_key can only be changed in the local file")
	}
	if next.Fleet.ConfigURL != old.Fleet.ConfigURL {
		out = append(out, "fleet.config_url can only be changed in the local file")
	}
	return out
}

func scheme(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Scheme
}
