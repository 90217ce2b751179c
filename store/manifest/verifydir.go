package manifest

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
)

// DirReport is the result of VerifyDir. The folder is intact when Faults is empty.
type DirReport struct {
	Manifest Manifest // as parsed, when the signature verified
	Checked  int      // evidence files hashed
	Faults   []string // each fault, naming the file
}

// OK reports whether no fault was found.
func (r *DirReport) OK() bool { return len(r.Faults) == 0 }

// VerifyDir checks an exported folder with the public key alone: the signature of
// manifest.json, the size and SHA-256 of every file it names, nothing missing and
// nothing extra. pub pins the key; nil trusts device.pub.pem in the folder. The error is
// for the folder being unreadable; faults are in the report.
func VerifyDir(dir string, pub ed25519.PublicKey) (DirReport, error) {
	var rep DirReport
	fault := func(format string, a ...any) { rep.Faults = append(rep.Faults, fmt.Sprintf(format, a...)) }
	entries, err := os.ReadDir(dir)
	if err != nil {
		return rep, fmt.Errorf("read export folder: %w", err)
	}
	if pub == nil {
		b, err := os.ReadFile(filepath.Join(dir, PubKeyName))
		if err != nil {
			fault("%s: %v", PubKeyName, err)
		} else if pub, err = ParsePublicKeyPEM(b); err != nil {
			fault("%s: %v", PubKeyName, err)
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, FileName))
	if err != nil {
		fault("%s: %v", FileName, err)
	}
	sig, serr := os.ReadFile(filepath.Join(dir, SigName))
	if serr != nil {
		fault("%s: %v", SigName, serr)
	}
	if pub == nil || err != nil || serr != nil {
		return rep, nil
	}
	m, err := Verify(data, sig, pub)
	if err != nil {
		fault("%s / %s: %v", FileName, SigName, err)
		return rep, nil
	}
	rep.Manifest = m
	listed := map[string]bool{FileName: true, SigName: true, PubKeyName: true}
	for _, it := range m.Items {
		if it.File != filepath.Base(it.File) || it.File == "" || listed[it.File] {
			fault("%s: item %s names file %q, which is not a plain, unique file name", FileName, it.Kind, it.File)
			continue
		}
		listed[it.File] = true
		size, sum, err := hashFile(filepath.Join(dir, it.File))
		rep.Checked++
		switch {
		case err != nil:
			fault("%s: missing or unreadable: %v", it.File, err)
		case size != it.Size:
			fault("%s: %d bytes, the manifest says %d", it.File, size, it.Size)
		case sum != it.SHA256:
			fault("%s: SHA-256 differs from the manifest", it.File)
		}
	}
	for _, e := range entries {
		if !listed[e.Name()] {
			fault("%s: not named in the manifest (extra file)", e.Name())
		}
	}
	slices.Sort(rep.Faults)
	return rep, nil
}

func hashFile(path string) (int64, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	return n, hex.EncodeToString(h.Sum(nil)), err
}
