package storetest_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/store/storetest"
)

// recorder is a testing.TB that keeps what Check reports instead of failing the test.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// sealedStore makes a data dir with enough enrolments that the outbox bucket spans a
// branch page and several leaf pages; the store is closed (and checked) on return.
func sealedStore(t *testing.T) string {
	dir := t.TempDir()
	t.Run("seal", func(t *testing.T) {
		db := storetest.Open(t, storetest.InDir(dir))
		for i := range 60 {
			a := store.Applicant{GivenName: "Ana", Surname1: fmt.Sprint("García-", i)}
			if _, err := db.Seal(context.Background(), store.Enrolment{Profile: "oneshot", Applicant: a},
				[]store.EvidenceInput{store.Bytes(store.DocumentFront, "image/jpeg", []byte{0xff, 0xd8, byte(i)})}); err != nil {
				t.Fatal(err)
			}
		}
	})
	return dir
}

// pageOf returns the id of a page of the given type ("branch" or "leaf") that is in
// use, and the file's page size.
func pageOf(t *testing.T, path, typ string) (int, int) {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	id := -1
	bdb.View(func(tx *bolt.Tx) error {
		for i := 2; id < 0; i++ {
			p, err := tx.Page(i)
			if err != nil || p == nil {
				return err
			}
			if p.Type == typ {
				id = i
			}
		}
		return nil
	})
	if id < 0 {
		t.Fatalf("no %s page in %s", typ, path)
	}
	return id, bdb.Info().PageSize
}

// TestCheckReportsADamagedPage writes noise over one branch page and one leaf page of a
// closed store file: the check must report each, and must pass the same file undamaged.
func TestCheckReportsADamagedPage(t *testing.T) {
	for _, typ := range []string{"branch", "leaf"} {
		t.Run(typ, func(t *testing.T) {
			dir := sealedStore(t)
			clean := &recorder{TB: t}
			storetest.Check(clean, dir)
			if len(clean.errs) > 0 {
				t.Fatalf("an undamaged store fails the check: %v", clean.errs)
			}
			path := filepath.Join(dir, store.FileName)
			id, size := pageOf(t, path, typ)
			page := make([]byte, size)
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			copy(page, raw[id*size:])
			// Noise over the whole page but its overflow count (bytes 12-15 of the header):
			// with a random count bbolt's checker would walk billions of pages instead of
			// reporting the page.
			overflow := append([]byte(nil), page[12:16]...)
			r := rand.New(rand.NewPCG(uint64(id), 11))
			for i := range page {
				page[i] = byte(r.Uint32())
			}
			copy(page[12:16], overflow)
			if err := overwrite(path, int64(id*size), page); err != nil {
				t.Fatal(err)
			}
			damaged := &recorder{TB: t}
			storetest.Check(damaged, dir)
			if len(damaged.errs) != 1 || !strings.Contains(damaged.errs[0], "not consistent") {
				t.Fatalf("a %s page overwritten with noise: check reported %q, want one failure", typ, damaged.errs)
			}
			t.Logf("page %d (%s): %s", id, typ, damaged.errs[0])
		})
	}
}

// TestOpenClosesAtTheEnd: the store a test opened is closed when that test ends, so the
// check reads a released file, and a second Open of the dir succeeds.
func TestOpenClosesAtTheEnd(t *testing.T) {
	dir := t.TempDir()
	var db *store.DB
	t.Run("use", func(t *testing.T) { db = storetest.Open(t, storetest.InDir(dir)) })
	if _, err := db.List(context.Background(), store.Filter{}); !errors.Is(err, store.ErrClosed) {
		t.Fatalf("List after the test ended: %v, want ErrClosed", err)
	}
	storetest.Open(t, storetest.InDir(dir))
}

// TestDirChecksWhatCodeUnderTestLeft: Dir checks, when the test ends, the database that
// other code made in it; a data dir left without one passes.
func TestDirChecksWhatCodeUnderTestLeft(t *testing.T) {
	left := &recorder{}
	t.Run("damaged by code under test", func(t *testing.T) {
		left.TB = t
		dir := storetest.Dir(left)
		db, err := store.Open(context.Background(), dir, storetest.DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
		path := filepath.Join(dir, store.FileName)
		id, size := pageOf(t, path, "leaf")
		if err := overwrite(path, int64(id*size), []byte{0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 0, 0x99}); err != nil {
			t.Fatal(err)
		}
	})
	if len(left.errs) != 1 || !strings.Contains(left.errs[0], "not consistent") {
		t.Fatalf("a damaged store left in Dir: check reported %q, want one failure", left.errs)
	}
	empty := &recorder{TB: t}
	t.Run("nothing made", func(t *testing.T) { empty.TB = t; storetest.Dir(empty) })
	if len(empty.errs) > 0 {
		t.Fatalf("a data dir without a database fails the check: %v", empty.errs)
	}
}

// overwrite writes b at off in the file at path.
func overwrite(path string, off int64, b []byte) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if _, err := f.WriteAt(b, off); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
