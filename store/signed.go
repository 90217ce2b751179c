package store

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/enrolkiosk/enrolkiosk/store/manifest"
)

// ApplicantRecordKind and ApplicantRecordFile name the applicant record in a manifest and
// an export: the Applicant in canonical JSON (ApplicantRecord).
const (
	ApplicantRecordKind = "applicant_record"
	ApplicantRecordFile = "applicant.json"
)

// ApplicantRecord returns a in canonical JSON (manifest.Canonical): the bytes whose
// SHA-256 the manifest names and the biometric signature is bound to.
func ApplicantRecord(a Applicant) ([]byte, error) { return manifest.Canonical(a) }

// SHA256Hex returns the lower-case hex SHA-256 of b.
func SHA256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// extensions name exported files after their media type.
var extensions = map[string]string{
	MediaJPEG: ".jpg", MediaPNG: ".png", MediaWebM: ".webm", MediaBiometricJSON: ".json", MediaBiometricAge: ".age",
}

// evidenceFile is the file name of ev in a manifest and an export.
func evidenceFile(ev Evidence) string {
	ext, ok := extensions[ev.ContentType]
	if !ok {
		ext = ".bin"
	}
	return string(ev.Kind) + ext
}

// signer is the device's Ed25519 key and installation id, read once inside tx.
func (d *DB) signer(tx *bolt.Tx) (ed25519.PrivateKey, string, error) {
	m := tx.Bucket(bucketMeta)
	seed, err := d.meta.open(m.Get(metaDevPriv), ad("meta", string(metaDevPriv)))
	if err != nil {
		return nil, "", err
	}
	if len(seed) != ed25519.SeedSize {
		return nil, "", fmt.Errorf("%w: device key has %d bytes", ErrTampered, len(seed))
	}
	return ed25519.NewKeyFromSeed(seed), string(m.Get(metaInstallID)), nil
}

// signManifest makes e's manifest from its record and sealed evidence and signs it with
// the device key; Seal calls it inside its transaction, before the record is written.
func (d *DB) signManifest(tx *bolt.Tx, e *Enrolment) error {
	key, install, err := d.signer(tx)
	if err != nil {
		return fmt.Errorf("sign the manifest: %w", err)
	}
	m, err := manifestOf(e, install, key.Public().(ed25519.PublicKey))
	if err != nil {
		return err
	}
	e.Manifest, e.ManifestSig, err = manifest.Sign(m, key)
	return err
}

// manifestOf describes e as sealed.
func manifestOf(e *Enrolment, install string, pub ed25519.PublicKey) (manifest.Manifest, error) {
	rec, err := ApplicantRecord(e.Applicant)
	if err != nil {
		return manifest.Manifest{}, err
	}
	m := manifest.Manifest{
		Format: manifest.Format, Version: manifest.Version,
		EnrolmentID: e.ID, SealedAt: e.Created.UTC().Format(time.RFC3339Nano), Profile: e.Profile,
		OperatorID: e.OperatorID, Branch: e.Branch, InstallationID: install,
		DeviceKey: manifest.Fingerprint(pub), Location: e.Location,
		Terms: manifest.Terms{Version: e.Acceptance.TermsVersion, SHA256: e.Acceptance.TermsSHA256,
			AcceptedAt: e.Acceptance.Accepted.UTC().Format(time.RFC3339Nano)},
		Checks: manifest.Checks(e.Checks),
	}
	for _, ev := range e.Evidence {
		m.Items = append(m.Items, manifest.Item{Kind: string(ev.Kind), File: evidenceFile(ev),
			MediaType: ev.ContentType, Size: ev.Size, SHA256: ev.SHA256})
	}
	m.Items = append(m.Items, manifest.Item{Kind: ApplicantRecordKind, File: ApplicantRecordFile,
		MediaType: "application/json", Size: int64(len(rec)), SHA256: SHA256Hex(rec)})
	return m, nil
}
