package store

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// realDB is a real database with two sealed enrolments, and its device key file: the
// original the damage tests copy.
var realDB = sync.OnceValues(func() ([]byte, []byte) {
	dir, err := os.MkdirTemp("", "enrolkiosk-realdb-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	d, err := Open(ctx, dir, Options{})
	if err != nil {
		panic(err)
	}
	for seed := range uint64(2) {
		_, in := sampleEvidence(seed, 24<<10)
		if _, err := d.Seal(ctx, sampleEnrolment(), in); err != nil {
			panic(err)
		}
	}
	if err := d.Close(); err != nil {
		panic(err)
	}
	db, err := os.ReadFile(filepath.Join(dir, FileName))
	if err != nil {
		panic(err)
	}
	key, err := os.ReadFile(filepath.Join(dir, KeyFileName))
	if err != nil {
		panic(err)
	}
	return db, key
})

// inUse returns the length of the pages a database's header names (its high-water mark):
// bbolt grows a file ahead of use, so bytes past it may go without damage.
func inUse(t testing.TB, db []byte) int {
	path := filepath.Join(t.TempDir(), "copy")
	if err := os.WriteFile(path, db, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := pickMeta(f, int64(len(db)))
	if err != nil {
		t.Fatal(err)
	}
	return int(m.pgid) * int(m.pageSize)
}

// damageKinds are the ways a copy is damaged.
const (
	damageTruncate = iota // cut the file at an offset
	damageExtend          // append bytes (a copy that kept going)
	damageFlip            // flip one bit
	damageHole            // punch a page of zeros (a sparse, half-copied file)
	damageKinds
)

// damaged returns a copy of db damaged by kind at offset at, with n as its parameter.
func damaged(db []byte, kind uint8, at, n uint32) []byte {
	out := bytes.Clone(db)
	pos := int(at) % len(db)
	switch kind % damageKinds {
	case damageTruncate:
		out = out[:pos]
	case damageExtend:
		out = append(out, bytes.Repeat([]byte{byte(n)}, int(n%(64<<10)))...)
	case damageFlip:
		out[pos] ^= 1 << (n % 8)
	case damageHole:
		ps := 4096
		start := pos / ps * ps
		clear(out[start:min(start+ps, len(out))])
	}
	return out
}

// openCopy writes data as the database of a new data dir with the real key file, and
// opens it.
func openCopy(t testing.TB, data []byte) (string, *DB, error) {
	dir := t.TempDir()
	_, key := realDB()
	if err := os.WriteFile(filepath.Join(dir, KeyFileName), key, 0o600); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, FileName)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	d, err := Open(context.Background(), dir, Options{})
	return path, d, err
}

// documented are the errors Open may give for a damaged file: damaged, or a damaged
// field that failed its authentication (the key check, an outbox entry), or a garbled
// schema number.
var documented = []error{ErrCorrupt, ErrTampered, ErrWrongKey, ErrNewerSchema}

// FuzzDamagedDatabase: every truncated, extended, bit-flipped or holed copy of a real
// database opens cleanly or is refused with a documented error, never a crash, and a
// refused file is left as it was. Seeds are in testdata/fuzz/FuzzDamagedDatabase.
func FuzzDamagedDatabase(f *testing.F) {
	db, _ := realDB()
	for _, at := range []uint32{0, 16, 4096, 4096 + 60, 8192, 12288, uint32(len(db)) / 2, uint32(len(db)) - 1} {
		for kind := range uint8(damageKinds) {
			f.Add(kind, at, uint32(3))
		}
	}
	f.Fuzz(func(t *testing.T, kind uint8, at, n uint32) {
		data := damaged(db, kind, at, n)
		path, d, err := openCopy(t, data)
		if err != nil {
			if !isDocumented(err) {
				t.Fatalf("damage %d at %d (%d): undocumented error %v", kind%damageKinds, at, n, err)
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(after, data) {
				t.Fatalf("refused file was modified (err %v)", err)
			}
			return
		}
		ctx := context.Background()
		d.List(ctx, Filter{}) // reading a damaged page may fail, but must not crash
		if _, err := d.Verify(ctx); err != nil {
			t.Fatalf("Verify: %v", err)
		}
		d.Close()
	})
}

func isDocumented(err error) bool {
	for _, s := range documented {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

// TestTruncatedCopiesAreDamaged cuts a real database at every page boundary and in the
// middle of pages: each shorter copy is refused as damaged (the crash of issue 18 was in
// bbolt's loadFreelist reading past the end of the mapping), with the way out in the
// message, and the file is left as it was.
func TestTruncatedCopiesAreDamaged(t *testing.T) {
	db, _ := realDB()
	used := inUse(t, db)
	for size := 1; size < used; size += 2048 + 512 {
		_, d, err := openCopy(t, db[:size])
		if err == nil {
			d.Close()
			t.Fatalf("a copy cut at %d of %d bytes in use opened", size, used)
		}
		if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "verify --recover") {
			t.Fatalf("cut at %d: %v, want ErrCorrupt with the way out", size, err)
		}
	}
	_, d, err := openCopy(t, db[:used])
	if err != nil {
		t.Fatalf("the copy of the pages in use: %v", err)
	}
	d.Close()
}

// TestExtendedCopyOpens: bytes after the last page (a copy that kept going, a file
// grown by bbolt) do not make a database damaged.
func TestExtendedCopyOpens(t *testing.T) {
	db, _ := realDB()
	for _, n := range []uint32{1, 4096, 10000} {
		_, d, err := openCopy(t, damaged(db, damageExtend, 0, n))
		if err != nil {
			t.Fatalf("extended by %d: %v", n, err)
		}
		if c := d.Counts(); c[Queued] != 2 {
			t.Errorf("extended by %d: %d queued, want 2", n, c[Queued])
		}
		d.Close()
	}
}

// TestSparseCopyIsDamaged: a copy of the right length whose tail never arrived (a hole,
// as an interrupted copy onto a preallocated file leaves) is refused.
func TestSparseCopyIsDamaged(t *testing.T) {
	db, _ := realDB()
	dir := t.TempDir()
	_, key := realDB()
	os.WriteFile(filepath.Join(dir, KeyFileName), key, 0o600)
	f, err := os.Create(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	half := inUse(t, db) / 2 / 4096 * 4096
	f.Write(db[:half])
	f.Truncate(int64(len(db)))
	f.Close()
	_, err = Open(context.Background(), dir, Options{})
	if !errors.Is(err, ErrCorrupt) {
		t.Fatalf("a half-copied sparse file: %v, want ErrCorrupt", err)
	}
}

// TestTruncatedCopyIsMovedAsideWithConsent: the keep-aside path works for a short file.
func TestTruncatedCopyIsMovedAsideWithConsent(t *testing.T) {
	db, _ := realDB()
	db = db[:inUse(t, db)-4096]
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	os.WriteFile(path, db, 0o600)
	d, err := Open(context.Background(), dir, Options{Recover: true})
	if err != nil {
		t.Fatalf("Open with Recover: %v", err)
	}
	defer d.Close()
	kept, err := os.ReadFile(d.Recovered())
	if err != nil || !bytes.Equal(kept, db) {
		t.Fatalf("the damaged file was not kept as it was: %v", err)
	}
}

// TestVerifyChecksTheFile: Verify reports a file cut short under an open store.
func TestVerifyChecksTheFile(t *testing.T) {
	db, _ := realDB()
	path, d, err := openCopy(t, db)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	rep, err := d.Verify(context.Background())
	if err != nil || !rep.OK() {
		t.Fatalf("the whole file: %v %v", err, rep.Faults)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := checkBoltFile(f, int64(inUse(t, db)-4096)); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "cut short") {
		t.Fatalf("a short file: %v", err)
	}
}

// TestReadOnlyFileOpensReadOnly: a 0400 database opens with ReadOnly, reads work and a
// change is refused without touching the file.
func TestReadOnlyFileOpensReadOnly(t *testing.T) {
	db, _ := realDB()
	dir := t.TempDir()
	_, key := realDB()
	os.WriteFile(filepath.Join(dir, KeyFileName), key, 0o600)
	path := filepath.Join(dir, FileName)
	os.WriteFile(path, db, 0o400)
	d, err := Open(context.Background(), dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("Open read-only: %v", err)
	}
	defer d.Close()
	ctx := context.Background()
	list, err := d.List(ctx, Filter{})
	if err != nil || len(list) != 2 {
		t.Fatalf("List: %d, %v", len(list), err)
	}
	if err := d.Hold(ctx, list[0].ID); err == nil {
		t.Fatal("a change to a read-only database was accepted")
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, db) {
		t.Fatal("the read-only file changed")
	}
}
