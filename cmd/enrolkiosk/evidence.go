package main

import (
	"context"
	"errors"

	"github.com/enrolkiosk/enrolkiosk/assets"
	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/store/manifest"
	"github.com/enrolkiosk/enrolkiosk/ui"
)

// evidenceSigning hands the wizard the device key that signs each biometric record and
// the location each manifest records. Outside demo mode, terms that promise the customer
// encryption to a trusted third party without signature.trusted_third_party set are a
// configuration error: the kiosk opens on Settings instead of sealing plain biometric data.
func evidenceSigning(ctx context.Context, deps *ui.Deps, db *store.DB) error {
	id, err := db.Identity(ctx)
	if err != nil {
		return err
	}
	deps.DeviceKey = id.PrivateKey
	deps.KeyUnprotected = !deps.Demo && db.KeyProtection() == store.ProtectionFile
	if l := deps.Config.Location; l.Known() {
		deps.Location = &manifest.Location{Lat: l.Lat, Lon: l.Lon}
	}
	if !deps.Demo {
		promised := assets.TermsPromiseThirdParty(deps.Terms.Text)
		if err := deps.Config.Signature.CheckPromise(promised); err != nil {
			deps.ConfigErr = errors.Join(deps.ConfigErr, err)
		}
	}
	return nil
}
