package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

var cheapArgon = Argon2Params{Time: 1, MemoryKiB: 64, Threads: 1}

func TestOpenSecondTimeIsInUse(t *testing.T) {
	dir := t.TempDir()
	openTest(t, dir, Options{})
	_, err := Open(context.Background(), dir, Options{Timeout: 50 * time.Millisecond})
	if !errors.Is(err, ErrInUse) {
		t.Fatalf("second Open: %v, want ErrInUse", err)
	}
}

func TestReopenKeepsDataAndIdentity(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	id1, err := d.Identity(ctx)
	if err != nil {
		t.Fatal(err)
	}
	e, err := d.Seal(ctx, sampleEnrolment(), []EvidenceInput{Bytes(SignatureImage, "image/png", []byte("png"))})
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	d = openTest(t, dir, Options{})
	id2, err := d.Identity(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if id1.InstallationID != id2.InstallationID || !id1.PublicKey.Equal(id2.PublicKey) || len(id1.InstallationID) != 36 {
		t.Fatalf("identity changed across reopen: %v vs %v", id1.InstallationID, id2.InstallationID)
	}
	if string(readAll(t, d, e.ID, SignatureImage)) != "png" || d.Counts()[Queued] != 1 {
		t.Fatal("data lost across reopen")
	}
	checkOwnerOnly(t, filepath.Join(dir, KeyFileName))
}

// sealedDir opens a store, seals one enrolment, closes it and returns the dir and the
// database bytes, so that a test can show that a failed Open changes nothing.
func sealedDir(t *testing.T, opts Options) (string, []byte) {
	t.Helper()
	dir := t.TempDir()
	d, err := Open(context.Background(), dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Seal(context.Background(), sampleEnrolment(), []EvidenceInput{Bytes(Video, "video/webm", []byte("v"))}); err != nil {
		t.Fatal(err)
	}
	d.Close()
	checkBolt(t, filepath.Join(dir, FileName))
	raw, _ := os.ReadFile(filepath.Join(dir, FileName))
	return dir, raw
}

func assertUntouched(t *testing.T, dir string, raw []byte) {
	t.Helper()
	now, _ := os.ReadFile(filepath.Join(dir, FileName))
	if !bytes.Equal(now, raw) {
		t.Fatal("a failed Open modified the database file")
	}
}

func TestOpenKeyProblemsLeaveDatabaseUntouched(t *testing.T) {
	ctx := context.Background()
	t.Run("missing key file", func(t *testing.T) {
		dir, raw := sealedDir(t, Options{})
		os.Remove(filepath.Join(dir, KeyFileName))
		_, err := Open(ctx, dir, Options{})
		if !errors.Is(err, ErrKeyMissing) {
			t.Fatalf("err = %v", err)
		}
		assertUntouched(t, dir, raw)
		if _, err := os.Stat(filepath.Join(dir, KeyFileName)); err == nil {
			t.Fatal("a new key was made for an existing database")
		}
	})
	t.Run("other key", func(t *testing.T) {
		dir, raw := sealedDir(t, Options{})
		other, _ := encodeKeyFile(randomKey(), nil, cheapArgon)
		os.WriteFile(filepath.Join(dir, KeyFileName), other, 0o600)
		if _, err := Open(ctx, dir, Options{}); !errors.Is(err, ErrWrongKey) {
			t.Fatalf("err = %v", err)
		}
		assertUntouched(t, dir, raw)
	})
	t.Run("key file readable by others", func(t *testing.T) {
		if runtime.GOOS == "windows" {
			t.Skip("Windows has no modes; its key file is not checked (devicekey_windows.go)")
		}
		dir, raw := sealedDir(t, Options{})
		os.Chmod(filepath.Join(dir, KeyFileName), 0o644)
		_, err := Open(ctx, dir, Options{})
		if !errors.Is(err, ErrBadKeyFile) || !strings.Contains(err.Error(), "chmod 600") {
			t.Fatalf("err = %v", err)
		}
		assertUntouched(t, dir, raw)
	})
	t.Run("passphrase", func(t *testing.T) {
		opts := Options{Passphrase: []byte("correct horse"), Argon2: cheapArgon}
		dir, raw := sealedDir(t, opts)
		if _, err := Open(ctx, dir, Options{}); !errors.Is(err, ErrPassphraseRequired) {
			t.Fatalf("no passphrase: %v", err)
		}
		if _, err := Open(ctx, dir, Options{Passphrase: []byte("wrong horse")}); !errors.Is(err, ErrWrongPassphrase) {
			t.Fatalf("wrong passphrase: %v", err)
		}
		assertUntouched(t, dir, raw)
		d := openTest(t, dir, opts)
		if d.Counts()[Queued] != 1 {
			t.Fatal("right passphrase does not show the sealed enrolment")
		}
	})
}

// fakeKeyring is an in-memory keyring; Fail makes every call fail like a locked one.
type fakeKeyring struct {
	m    map[string]string
	Fail error
}

var _ Keyring = (*fakeKeyring)(nil)

func (k *fakeKeyring) Get(s, u string) (string, error) {
	if k.Fail != nil {
		return "", k.Fail
	}
	v, ok := k.m[s+"/"+u]
	if !ok {
		return "", fmt.Errorf("%w: %s/%s", ErrNotFound, s, u)
	}
	return v, nil
}

func (k *fakeKeyring) Set(s, u, v string) error {
	if k.Fail != nil {
		return k.Fail
	}
	k.m[s+"/"+u] = v
	return nil
}

func TestKeyringKeepsTheKey(t *testing.T) {
	ctx := context.Background()
	kr := &fakeKeyring{m: map[string]string{}}
	dir, raw := sealedDir(t, Options{Keyring: kr})
	if _, err := os.Stat(filepath.Join(dir, KeyFileName)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("key file written although the keyring works: %v", err)
	}
	if len(kr.m) != 1 {
		t.Fatalf("keyring holds %d entries", len(kr.m))
	}
	kr.Fail = errors.New("secret service locked")
	if _, err := Open(ctx, dir, Options{Keyring: kr}); !errors.Is(err, ErrKeyMissing) || !strings.Contains(err.Error(), "locked") {
		t.Fatalf("locked keyring: %v", err)
	}
	if _, err := Open(ctx, dir, Options{}); !errors.Is(err, ErrKeyMissing) {
		t.Fatalf("no keyring: %v", err)
	}
	assertUntouched(t, dir, raw)
	kr.Fail = nil
	openTest(t, dir, Options{Keyring: kr})
}

func TestBrokenKeyringFallsBackToFile(t *testing.T) {
	dir := t.TempDir()
	openTest(t, dir, Options{Keyring: &fakeKeyring{Fail: errors.New("no dbus")}})
	if _, err := os.Stat(filepath.Join(dir, KeyFileName)); err != nil {
		t.Fatalf("no key file after keyring failure: %v", err)
	}
}

func TestCorruptFileIsReportedThenMovedAsideWithConsent(t *testing.T) {
	ctx := context.Background()
	for name, content := range map[string][]byte{
		"garbage": bytes.Repeat([]byte("not a database "), 2000),
		"foreign": foreignBolt(t),
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, FileName)
			os.WriteFile(path, content, 0o600)
			_, err := Open(ctx, dir, Options{})
			if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "--recover") || strings.Contains(err.Error(), "%!") {
				t.Fatalf("err = %v, want ErrCorrupt naming --recover", err)
			}
			assertUntouched(t, dir, content)
			d := openTest(t, dir, Options{Recover: true})
			aside := d.Recovered()
			kept, err := os.ReadFile(aside)
			if err != nil || !bytes.Equal(kept, content) || !strings.Contains(aside, ".corrupt-") {
				t.Fatalf("moved-aside file %q not kept intact: %v", aside, err)
			}
			if _, err := d.Seal(ctx, sampleEnrolment(), []EvidenceInput{Bytes(Video, "video/webm", []byte("v"))}); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// foreignBolt returns a valid bbolt file that is not an Enrol Kiosk database.
func foreignBolt(t *testing.T) []byte {
	path := filepath.Join(t.TempDir(), "other.db")
	bdb, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	bdb.Update(func(tx *bolt.Tx) error {
		b, _ := tx.CreateBucket([]byte("widgets"))
		return b.Put([]byte("a"), []byte("b"))
	})
	bdb.Close()
	raw, _ := os.ReadFile(path)
	return raw
}

func TestNewerSchemaIsRefused(t *testing.T) {
	dir, _ := sealedDir(t, Options{})
	bdb, _ := bolt.Open(filepath.Join(dir, FileName), 0o600, nil)
	bdb.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(metaSchema, []byte{0, 0, 0, 0, 0, 0, 0, 99})
	})
	bdb.Close()
	raw, _ := os.ReadFile(filepath.Join(dir, FileName))
	if _, err := Open(context.Background(), dir, Options{}); !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("err = %v", err)
	}
	assertUntouched(t, dir, raw)
}

// TestDamagedPagesAreReportedNotPanicked overwrites one page at a time with noise: Open
// must report the file as damaged or Verify must list faults (free pages may be hit, and
// are harmless), and nothing may panic.
func TestDamagedPagesAreReportedNotPanicked(t *testing.T) {
	ctx := context.Background()
	detected := 0
	for page := int64(2); page < 12; page++ {
		dir, _ := sealedDir(t, Options{})
		path := filepath.Join(dir, FileName)
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteAt(blob(uint64(page), 4096), page*4096)
		f.Close()
		d, err := Open(ctx, dir, Options{})
		if err != nil {
			if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrTampered) && !errors.Is(err, ErrWrongKey) {
				t.Errorf("page %d: Open error %v does not say the file is damaged", page, err)
			}
			detected++
			continue
		}
		rep, err := d.Verify(ctx)
		d.Close()
		if err != nil {
			t.Errorf("page %d: Verify failed: %v", page, err)
		}
		if !rep.OK() {
			detected++
		}
	}
	if detected == 0 { // pages 2-11 hold the freelist, buckets and the evidence of sealedDir
		t.Fatal("no damaged page was noticed by Open or Verify")
	}
}
