package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/enrolkiosk/enrolkiosk/internal/durable"
)

// ManifestName is the manifest file Export writes.
const ManifestName = "manifest.json"

// Manifest lists what Export wrote, with the SHA-256 of every file.
type Manifest struct {
	ID       string         `json:"id"`
	Profile  string         `json:"profile"`
	Sealed   time.Time      `json:"sealed"`
	Exported time.Time      `json:"exported"`
	Files    []ManifestFile `json:"files"`
}

// ManifestFile is one exported file.
type ManifestFile struct {
	Name        string       `json:"name"`
	Kind        EvidenceKind `json:"kind,omitempty"` // empty for the record
	ContentType string       `json:"content_type"`
	Size        int64        `json:"size"`
	SHA256      string       `json:"sha256"`
}

// extensions names exported files by media type; any other type is written as .bin.
var extensions = map[string]string{
	MediaJPEG: ".jpg", MediaPNG: ".png", MediaWebM: ".webm", MediaBiometricJSON: ".json", MediaBiometricAge: ".age",
}

// Export writes the enrolment id's record (enrolment.json), every piece of its evidence
// and a manifest of SHA-256 hashes into dir (created 0700, or made 0700 if it exists).
// Each file is written durably and checked against the hash recorded at sealing. The
// files hold personal data in plain form: dir is the operator's responsibility.
func (d *DB) Export(ctx context.Context, id, dir string) (Manifest, error) {
	e, err := d.Get(ctx, id)
	if err != nil {
		return Manifest{}, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return Manifest{}, fmt.Errorf("create export dir %s: %w", dir, err)
	}
	if err := privateDir(dir); err != nil {
		return Manifest{}, err
	}
	m := Manifest{ID: e.ID, Profile: e.Profile, Sealed: e.Created, Exported: d.now()}
	for _, ev := range e.Evidence {
		f, err := d.exportEvidence(ctx, id, ev, dir)
		if err != nil {
			return m, err
		}
		m.Files = append(m.Files, f)
	}
	rec, err := json.MarshalIndent(e, "", "  ")
	if err != nil {
		return m, err
	}
	sum := sha256.Sum256(rec)
	if err := durable.WriteFile(filepath.Join(dir, "enrolment.json"), rec, 0o600); err != nil {
		return m, err
	}
	m.Files = append(m.Files, ManifestFile{Name: "enrolment.json", ContentType: "application/json", Size: int64(len(rec)), SHA256: hex.EncodeToString(sum[:])})
	man, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return m, err
	}
	return m, durable.WriteFile(filepath.Join(dir, ManifestName), man, 0o600)
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
func (d *DB) exportEvidence(ctx context.Context, id string, ev Evidence, dir string) (ManifestFile, error) {
	ext, ok := extensions[ev.ContentType]
	if !ok {
		ext = ".bin"
	}
	f := ManifestFile{Name: string(ev.Kind) + ext, Kind: ev.Kind, ContentType: ev.ContentType, Size: ev.Size, SHA256: ev.SHA256}
	rc, _, err := d.OpenEvidence(ctx, id, ev.Kind)
	if err != nil {
		return f, err
	}
	defer rc.Close()
	h := sha256.New()
	err = durable.WriteFunc(filepath.Join(dir, f.Name), 0o600, func(w io.Writer) error {
		_, err := io.Copy(io.MultiWriter(w, h), rc)
		if err == nil && hex.EncodeToString(h.Sum(nil)) != ev.SHA256 {
			err = fmt.Errorf("%w: %s of %s does not match its recorded SHA-256", ErrTampered, ev.Kind, ShortID(id))
		}
		return err
	})
	return f, err
}
