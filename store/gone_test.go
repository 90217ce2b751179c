package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// rawElement is one key/value found in a page of the file, live or free.
type rawElement struct{ key, value []byte }

// rawElements parses every leaf page of the bbolt file at path, including free pages
// (which keep their old content), and returns every key/value they hold.
func rawElements(t *testing.T, path string) []rawElement {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	psz := int(binary.LittleEndian.Uint32(b[16+8:])) // meta page: header, magic, version, page size
	if psz < 512 || psz > 1<<16 {
		t.Fatalf("page size %d", psz)
	}
	var out []rawElement
	for off := 0; off+16 <= len(b); off += psz {
		out = leafElements(b, off, out)
	}
	return out
}

// leafElements appends the key/values of the leaf page at b[off:], and of the inline
// buckets it holds (a small bucket is a page inside its parent's value).
func leafElements(b []byte, off int, out []rawElement) []rawElement {
	flags := binary.LittleEndian.Uint16(b[off+8:])
	count := int(binary.LittleEndian.Uint16(b[off+10:]))
	if flags&0x02 == 0 { // not a leaf page
		return out
	}
	for i := range count {
		e := off + 16 + i*16
		if e+16 > len(b) {
			break
		}
		eflags := binary.LittleEndian.Uint32(b[e:])
		pos := int(binary.LittleEndian.Uint32(b[e+4:]))
		ks := int(binary.LittleEndian.Uint32(b[e+8:]))
		vs := int(binary.LittleEndian.Uint32(b[e+12:]))
		start := e + pos
		if pos <= 0 || start+ks+vs > len(b) || ks > 256 {
			continue // overwritten since
		}
		v := b[start+ks : start+ks+vs]
		if eflags&0x01 != 0 { // a bucket: root page id 0 means inline, its page follows the header
			if vs >= 32 && binary.LittleEndian.Uint64(v) == 0 {
				out = leafElements(b, start+ks+16, out)
			}
			continue
		}
		out = append(out, rawElement{key: b[start : start+ks], value: v})
	}
	return out
}

// decryptable reports what of the draft named draft and of the enrolment id can still be
// decrypted from the raw file at path with every key this device has.
func decryptable(t *testing.T, d *DB, path, draft, id string) []string {
	t.Helper()
	var found []string
	var deks []cipherKey
	els := rawElements(t, path)
	for _, el := range els {
		if string(el.key) == id {
			if k, err := d.dev.open(el.value, ad(string(bucketKeys), id)); err == nil {
				found = append(found, "the data key")
				ck, _ := newCipherKey(k)
				deks = append(deks, ck)
			}
		}
	}
	draftKeys := []cipherKey{d.meta}
	if ck, ok, _ := d.draftKey(draft, false); ok {
		draftKeys = append(draftKeys, ck)
	}
	for _, el := range els {
		k := string(el.key)
		for _, ck := range draftKeys {
			if k == draft {
				if _, err := ck.open(el.value, ad(string(bucketDrafts), draft)); err == nil {
					found = append(found, "a version of the draft")
				}
			}
		}
		for _, ck := range append(deks, d.meta) {
			if k == id {
				if _, err := ck.open(el.value, ad(string(bucketEnrolments), id)); err == nil {
					found = append(found, "the record")
				}
			}
			if strings.Contains(k, "/0000") {
				if _, err := ck.open(el.value, ad(string(bucketEvidence), id, k)); err == nil {
					found = append(found, "an evidence chunk")
				}
			}
		}
	}
	slices.Sort(found)
	return slices.Compact(found)
}

func TestDiscardedDraftAndPurgedEnrolmentCannotBeDecrypted(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	clock := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	d := openTest(t, dir, Options{Now: func() time.Time { return clock }})
	// A draft saved at every step, then discarded.
	for step := range 5 {
		if err := d.SaveDraft(ctx, "current", bytes.Repeat([]byte("Zacarías 99887766X step "+string(rune('0'+step))), 200)); err != nil {
			t.Fatal(err)
		}
	}
	sealOne(t, d) // other writes reuse some pages
	if got := decryptable(t, d, path, "current", "none"); len(got) == 0 {
		t.Fatal("the scan finds nothing of a live draft: it would not find a leftover either")
	}
	if err := d.DeleteDraft(ctx, "current"); err != nil {
		t.Fatal(err)
	}
	if got := decryptable(t, d, path, "current", "none"); len(got) > 0 {
		t.Fatalf("after discarding the draft, still decryptable from the file: %v", got)
	}
	// An enrolment confirmed and purged.
	_, in := sampleEvidence(5, 3*ChunkSize)
	e, err := d.Seal(ctx, sampleEnrolment(), in)
	if err != nil {
		t.Fatal(err)
	}
	d.MarkDelivered(ctx, e.ID)
	d.MarkConfirmed(ctx, e.ID)
	sealOne(t, d)
	if got := decryptable(t, d, path, "current", e.ID); len(got) == 0 {
		t.Fatal("the scan finds nothing of a live enrolment: it would not find a leftover either")
	}
	clock = clock.Add(time.Hour)
	if rep, err := d.Purge(ctx, 0); err != nil || len(rep.Purged) != 1 {
		t.Fatalf("purge: %+v %v", rep, err)
	}
	if got := decryptable(t, d, path, "current", e.ID); len(got) > 0 {
		t.Fatalf("after purging, still decryptable from the file: %v", got)
	}
	if _, err := os.Stat(filepath.Join(dir, DraftKeysName)); !os.IsNotExist(err) {
		t.Fatalf("the draft key file outlived the last draft: %v", err)
	}
}
