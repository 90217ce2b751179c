package store

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestCopiedPassphraseDataDirDoesNotOpenAndRevealsNothing(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	opts := Options{Passphrase: []byte("correct horse battery"), Argon2: cheapArgon, Protection: ProtectionPassphrase}
	d, err := Open(ctx, dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	image := blob(77, 3*ChunkSize)
	if _, err := d.Seal(ctx, sampleEnrolment(), []EvidenceInput{Bytes(DocumentFront, "image/jpeg", image)}); err != nil {
		t.Fatal(err)
	}
	if got := d.KeyProtection(); got != ProtectionPassphrase {
		t.Fatalf("KeyProtection = %s", got)
	}
	d.Close()
	// The thief copies the database and the key file together to another machine.
	stolen := stealDataDir(t, dir, image[1000:1064])
	if _, err := Open(ctx, stolen, Options{}); !errors.Is(err, ErrPassphraseRequired) {
		t.Fatalf("copy opened without the passphrase: %v", err)
	}
	if _, err := Open(ctx, stolen, Options{Passphrase: []byte("guess")}); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("copy opened with a wrong passphrase: %v", err)
	}
	checkBolt(t, filepath.Join(stolen, FileName))
}

func TestRekeyChangesProtection(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	openTestClosed(t, dir, Options{})
	if _, err := Open(ctx, dir, Options{Protection: ProtectionPassphrase}); !errors.Is(err, ErrNotProtected) {
		t.Fatalf("a plain key file under key_protection passphrase: %v", err)
	}
	got, err := Rekey(ctx, dir, Options{Argon2: cheapArgon}, ProtectionPassphrase, []byte("first passphrase"))
	if err != nil || got != ProtectionPassphrase {
		t.Fatalf("Rekey to a passphrase: %s %v", got, err)
	}
	if _, err := Open(ctx, dir, Options{}); !errors.Is(err, ErrPassphraseRequired) {
		t.Fatalf("open without the passphrase after rekey: %v", err)
	}
	if _, err := Rekey(ctx, dir, Options{Passphrase: []byte("first passphrase"), Argon2: cheapArgon}, ProtectionPassphrase, []byte("second passphrase")); err != nil {
		t.Fatalf("change the passphrase: %v", err)
	}
	if _, err := Open(ctx, dir, Options{Passphrase: []byte("first passphrase")}); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("the old passphrase still opens: %v", err)
	}
	db := openTest(t, dir, Options{Passphrase: []byte("second passphrase"), Protection: ProtectionPassphrase})
	var rekeyed int
	db.Audit(ctx, 1, func(e AuditEntry) error {
		if e.Event == EventRekeyed {
			rekeyed++
		}
		return nil
	})
	if rep, err := db.Verify(ctx); err != nil || !rep.OK() || rekeyed != 2 {
		t.Fatalf("after two rekeys: %v %v, %d audited", rep.Faults, err, rekeyed)
	}
}

// openTestClosed creates a store with one enrolment in dir and closes it.
func openTestClosed(t *testing.T, dir string, opts Options) string {
	t.Helper()
	d, err := Open(context.Background(), dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	sealOne(t, d)
	d.Close()
	return dir
}

// stealDataDir copies the database and the key file of dir to a new folder, as a thief
// would, and checks that neither holds the sample applicant's name or ID number, nor
// imageBytes, in plain form.
func stealDataDir(t *testing.T, dir string, imageBytes []byte) string {
	t.Helper()
	stolen := t.TempDir()
	for _, name := range []string{FileName, KeyFileName} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(stolen, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
		for _, secret := range [][]byte{[]byte("Zacarías"), []byte("Quintanilla"), []byte("99887766X"), imageBytes} {
			if bytes.Contains(b, secret) {
				t.Errorf("%s holds %q in plain form", name, secret[:min(len(secret), 12)])
			}
		}
	}
	return stolen
}
