package store

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// keyFileSeeds returns the fixtures under testdata/keyfile.
func keyFileSeeds(t interface{ Fatal(...any) }) map[string][]byte {
	files, err := filepath.Glob(filepath.Join("testdata", "keyfile", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatal("no key file fixtures: ", err)
	}
	m := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m[filepath.Base(f)] = b
	}
	return m
}

func TestKeyFileFixtures(t *testing.T) {
	want := map[string]error{
		"plain.json":          nil,
		"argon2id.json":       nil, // passphrase "fixture"
		"bad-version.json":    ErrBadKeyFile,
		"short-key.json":      ErrBadKeyFile,
		"huge-memory.json":    ErrBadKeyFile,
		"unknown-kdf.json":    ErrBadKeyFile,
		"not-json.json":       ErrBadKeyFile,
		"argon2id-wrong.json": ErrWrongPassphrase,
		"tpm.json":            ErrTPMRequired, // sealed to a TPM: not readable without it
		"tpm-no-blob.json":    ErrBadKeyFile,
	}
	seeds := keyFileSeeds(t)
	if len(seeds) != len(want) {
		t.Fatalf("%d fixtures, %d expectations", len(seeds), len(want))
	}
	for name, data := range seeds {
		k, err := decodeKeyFile(data, []byte("fixture"))
		if !errors.Is(err, want[name]) || (err == nil) != (len(k) == keySize) {
			t.Errorf("%s: key %d bytes, err %v; want %v", name, len(k), err, want[name])
		}
	}
}

func TestKeyFileRoundTrip(t *testing.T) {
	key := randomKey()
	for _, pass := range [][]byte{nil, []byte("s3cret")} {
		data, err := encodeKeyFile(key, pass, cheapArgon)
		if err != nil {
			t.Fatal(err)
		}
		got, err := decodeKeyFile(data, pass)
		if err != nil || !bytes.Equal(got, key) {
			t.Fatalf("passphrase %q: %v", pass, err)
		}
	}
}

// FuzzKeyFile: any bytes in device.key give a key or a clear error, never a panic.
func FuzzKeyFile(f *testing.F) {
	for _, b := range keyFileSeeds(f) {
		f.Add(b, "fixture")
	}
	f.Fuzz(func(t *testing.T, data []byte, pass string) {
		kf, _, _, err := parseKeyFile(data)
		if err == nil && kf.KDF == "argon2id" && kf.MemoryKiB > 1<<10 {
			return // valid but costly to derive: parsing is what is fuzzed
		}
		k, err := decodeKeyFile(data, []byte(pass))
		if err == nil && len(k) != keySize {
			t.Fatalf("accepted a %d-byte key", len(k))
		}
	})
}

// FuzzOpenFile: any bytes as the database file give a store or ErrCorrupt, never a panic,
// and a refused file is left as it was.
func FuzzOpenFile(f *testing.F) {
	f.Add([]byte{})
	f.Add(bytes.Repeat([]byte{0}, 8192))
	f.Add(bytes.Repeat([]byte("enrolkiosk"), 1000))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, FileName)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		d, err := Open(context.Background(), dir, Options{})
		if err != nil {
			if after, _ := os.ReadFile(path); !bytes.Equal(after, data) {
				t.Fatalf("refused file was modified (err %v)", err)
			}
			return
		}
		d.Close()
		checkBolt(t, path)
	})
}
