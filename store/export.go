package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/enrolkiosk/enrolkiosk/internal/durable"
	"github.com/enrolkiosk/enrolkiosk/store/manifest"
)

// ManifestName is the manifest file Export writes.
const ManifestName = manifest.FileName

// ErrNoManifest means the enrolment was sealed before signed manifests existed.
var ErrNoManifest = errors.New("the enrolment was sealed before signed manifests (no manifest to export)")

// Export writes the enrolment id's evidence, its applicant record (applicant.json, the
// canonical form the manifest names), the signed manifest made at sealing (manifest.json,
// manifest.sig: 64 raw Ed25519 bytes) and the device public key (device.pub.pem) into dir
// (created 0700, or made 0700 if it exists). Every file is written durably and checked against the manifest, so the
// folder passes manifest.VerifyDir. The files hold personal data in plain form: dir is the
// operator's responsibility. The export is recorded in the audit log, unless the
// database was opened read-only (Options.ReadOnly: a copy under inspection).
func (d *DB) Export(ctx context.Context, id, dir string) (manifest.Manifest, error) {
	e, err := d.Get(ctx, id)
	if err != nil {
		return manifest.Manifest{}, err
	}
	if len(e.Manifest) == 0 {
		return manifest.Manifest{}, fmt.Errorf("export %s: %w", e.ShortID(), ErrNoManifest)
	}
	ident, err := d.Identity(ctx)
	if err != nil {
		return manifest.Manifest{}, err
	}
	m, err := manifest.Verify(e.Manifest, e.ManifestSig, ident.PublicKey)
	if err != nil {
		return m, fmt.Errorf("%w: manifest of %s: %w", ErrTampered, e.ShortID(), err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return m, fmt.Errorf("create export dir %s: %w", dir, err)
	}
	if err := privateDir(dir); err != nil {
		return m, err
	}
	for _, ev := range e.Evidence {
		if err := d.exportEvidence(ctx, id, ev, dir); err != nil {
			return m, err
		}
	}
	rec, err := ApplicantRecord(e.Applicant)
	if err != nil {
		return m, err
	}
	pem, err := manifest.PublicKeyPEM(ident.PublicKey)
	if err != nil {
		return m, err
	}
	for name, b := range map[string][]byte{ApplicantRecordFile: rec, manifest.FileName: e.Manifest,
		manifest.SigName: e.ManifestSig, manifest.PubKeyName: pem} {
		if err := durable.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			return m, err
		}
	}
	for _, it := range m.Items {
		if it.Kind == ApplicantRecordKind && it.SHA256 != SHA256Hex(rec) {
			return m, fmt.Errorf("%w: applicant record of %s does not match its manifest", ErrTampered, e.ShortID())
		}
	}
	if d.opts.ReadOnly {
		return m, nil // a copy under inspection, opened read-only: nothing can be recorded in it
	}
	return m, d.audit(ctx, AuditEntry{Event: EventExported, Enrolment: id, Detail: fmt.Sprintf("%d files", len(m.Items))})
}

// privateDir makes an existing dir 0700: the files about to be written hold personal data
// in plain form, and a folder others can list or enter would show them.
func privateDir(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("export dir %s: %w", dir, err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("export dir %s is not a directory", dir)
	}
	if fi.Mode().Perm() == 0o700 {
		return nil
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return fmt.Errorf("export dir %s has mode %v and cannot be made private (0700): %w (choose a folder of your own)", dir, fi.Mode().Perm(), err)
	}
	return nil
}

// exportEvidence streams one blob to dir, checking its hash on the way.
func (d *DB) exportEvidence(ctx context.Context, id string, ev Evidence, dir string) error {
	rc, _, err := d.OpenEvidence(ctx, id, ev.Kind)
	if err != nil {
		return err
	}
	defer rc.Close()
	h := sha256.New()
	return durable.WriteFunc(filepath.Join(dir, evidenceFile(ev)), 0o600, func(w io.Writer) error {
		_, err := io.Copy(io.MultiWriter(w, h), rc)
		if err == nil && !bytes.Equal([]byte(hex.EncodeToString(h.Sum(nil))), []byte(ev.SHA256)) {
			err = fmt.Errorf("%w: %s of %s does not match its recorded SHA-256", ErrTampered, ev.Kind, ShortID(id))
		}
		return err
	})
}
