package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func TestPurgeOnlyConfirmedAfterRetention(t *testing.T) {
	ctx := context.Background()
	clock := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	d := openTest(t, t.TempDir(), Options{Now: func() time.Time { return clock }})
	old, recent, queued, delivered := sealOne(t, d), sealOne(t, d), sealOne(t, d), sealOne(t, d)
	d.MarkDelivered(ctx, delivered)
	d.MarkDelivered(ctx, old)
	d.MarkConfirmed(ctx, old)
	clock = clock.Add(48 * time.Hour)
	d.MarkDelivered(ctx, recent)
	d.MarkConfirmed(ctx, recent)
	rep, err := d.Purge(ctx, 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Purged) != 1 || rep.Purged[0] != old || rep.Waiting != 1 || rep.Unconfirmed != 2 {
		t.Fatalf("report = %+v", rep)
	}
	if _, err := d.Get(ctx, old); !errors.Is(err, ErrNotFound) {
		t.Fatalf("purged record still readable: %v", err)
	}
	for _, id := range []string{recent, queued, delivered} {
		readAll(t, d, id, DocumentFront)
	}
	if e, _ := d.Entry(ctx, old); e.State != Purged {
		t.Fatalf("purged entry = %+v", e)
	}
	for s, want := range map[State]int{Purged: 1, Confirmed: 1, Queued: 1, Delivered: 1} {
		if l, err := d.List(ctx, Filter{States: []State{s}}); err != nil || len(l) != want || d.Counts()[s] != want {
			t.Errorf("List(%s) = %d entries, Counts %d, want %d (%v)", s, len(l), d.Counts()[s], want, err)
		}
	}
	if v, _ := d.Verify(ctx); !v.OK() {
		t.Fatalf("verify after purge: %v", v.Faults)
	}
}

func TestCompactShrinksAfterPurgeAndKeepsData(t *testing.T) {
	ctx := context.Background()
	clock := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	d := openTest(t, dir, Options{Now: func() time.Time { return clock }})
	var ids []string
	for i := range 6 {
		_, in := sampleEvidence(uint64(i), 4*ChunkSize)
		e, err := d.Seal(ctx, sampleEnrolment(), in)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, e.ID)
	}
	for _, id := range ids[:5] {
		d.MarkDelivered(ctx, id)
		d.MarkConfirmed(ctx, id)
	}
	if rep, _ := d.Compact(ctx, 0.5); !rep.Skipped {
		t.Fatalf("compacted a full file: %+v", rep)
	}
	clock = clock.Add(time.Hour)
	pr, err := d.Purge(ctx, 0)
	if err != nil || pr.Compacted == nil {
		t.Fatalf("purge: %+v %v", pr, err)
	}
	rep := *pr.Compacted // purging compacts
	if rep.Skipped || rep.After >= rep.Before/2 {
		t.Fatalf("compaction report %+v: expected the file to shrink by more than half", rep)
	}
	if fileSize(filepath.Join(dir, FileName)) != rep.After {
		t.Fatal("report does not match the file")
	}
	readAll(t, d, ids[5], Video)
	if v, err := d.Verify(ctx); err != nil || !v.OK() {
		t.Fatalf("verify after compact: %v %v", v.Faults, err)
	}
	if _, err := d.Seal(ctx, sampleEnrolment(), []EvidenceInput{Bytes(Video, "video/webm", []byte("x"))}); err != nil {
		t.Fatalf("seal after compact: %v", err)
	}
}

func TestVerifyCountsAndFindsFaults(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d, _ := Open(ctx, dir, Options{})
	_, in := sampleEvidence(5, 2*ChunkSize+3)
	e, err := d.Seal(ctx, sampleEnrolment(), in)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := d.Verify(ctx)
	if err != nil || !rep.OK() || rep.Enrolments != 1 || rep.Evidence != 3 || rep.Bytes != 2*ChunkSize+3 || rep.AuditEntries != 2 {
		t.Fatalf("clean verify: %+v %v", rep, err)
	}
	d.Close()
	tamper(t, dir, func(tx *bolt.Tx) error {
		eb := tx.Bucket(bucketEvidence).Bucket([]byte(e.ID))
		k := []byte(chunkKey(Video, 0))
		v := append([]byte(nil), eb.Get(k)...)
		v[len(v)-1] ^= 1
		if err := eb.Put(k, v); err != nil {
			return err
		}
		a := tx.Bucket(bucketAudit)
		k2, v2 := a.Cursor().First()
		var ae AuditEntry
		json.Unmarshal(v2, &ae)
		ae.Detail = "edited"
		v2, _ = json.Marshal(ae)
		return a.Put(k2, v2)
	})
	d = openTest(t, dir, Options{})
	rep, err = d.Verify(ctx)
	if err != nil {
		t.Fatal(err)
	}
	joined := strings.Join(rep.Faults, "\n")
	if !strings.Contains(joined, "video") || !strings.Contains(joined, "audit entry 1") {
		t.Fatalf("faults = %q, want the tampered video chunk and audit entry", rep.Faults)
	}
}

// tamper edits the closed database at dir directly.
func tamper(t *testing.T, dir string, fn func(*bolt.Tx) error) {
	t.Helper()
	bdb, err := bolt.Open(filepath.Join(dir, FileName), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	if err := bdb.Update(fn); err != nil {
		t.Fatal(err)
	}
}

func TestExportWritesEvidenceAndManifest(t *testing.T) {
	ctx := context.Background()
	d := openTest(t, t.TempDir(), Options{})
	want, in := sampleEvidence(8, ChunkSize+1)
	e, err := d.Seal(ctx, sampleEnrolment(), in)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "export")
	m, err := d.Export(ctx, e.ID, out)
	if err != nil {
		t.Fatal(err)
	}
	if m.EnrolmentID != e.ID || len(m.Items) != 4 {
		t.Fatalf("manifest = %+v", m)
	}
	for _, f := range m.Items {
		b, err := os.ReadFile(filepath.Join(out, f.File))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		if hex.EncodeToString(sum[:]) != f.SHA256 || int64(len(b)) != f.Size {
			t.Errorf("%s does not match the manifest", f.File)
		}
		if f.Kind != ApplicantRecordKind && string(b) != string(want[EvidenceKind(f.Kind)]) {
			t.Errorf("%s content differs from what was sealed", f.File)
		}
	}
	if _, err := d.Export(ctx, "00000000-0000-0000-0000-000000000000", out); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown id: %v", err)
	}
}

func TestAuditHasNoPersonalData(t *testing.T) {
	ctx := context.Background()
	d := openTest(t, t.TempDir(), Options{})
	id := sealOne(t, d)
	d.Reject(ctx, id, "Zacarías Quintanilla 99887766X mismatch")
	var all strings.Builder
	var n int
	d.Audit(ctx, 1, func(e AuditEntry) error { n++; b, _ := json.Marshal(e); all.Write(b); return nil })
	if n != 3 {
		t.Fatalf("%d audit entries, want 3 (created, sealed, rejected)", n)
	}
	for _, s := range []string{"Zacar", "Quintanilla", "99887766X", "rao-17"} {
		if strings.Contains(all.String(), s) {
			t.Errorf("audit log contains %q", s)
		}
	}
}

// TestSwappedValuesAreDetected: every value is bound to its bucket and key, so moving a
// valid ciphertext elsewhere (another chunk, another enrolment) fails authentication.
func TestSwappedValuesAreDetected(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d, _ := Open(ctx, dir, Options{})
	_, in := sampleEvidence(11, 3*ChunkSize)
	a, err := d.Seal(ctx, sampleEnrolment(), in)
	if err != nil {
		t.Fatal(err)
	}
	b := sealOne(t, d)
	d.Close()
	tamper(t, dir, func(tx *bolt.Tx) error {
		eb := tx.Bucket(bucketEvidence).Bucket([]byte(a.ID))
		c0 := append([]byte(nil), eb.Get([]byte(chunkKey(Video, 0)))...)
		if err := eb.Put([]byte(chunkKey(Video, 1)), c0); err != nil {
			return err
		}
		ob := tx.Bucket(bucketOutbox)
		return ob.Put([]byte(b), append([]byte(nil), ob.Get([]byte(a.ID))...))
	})
	d = openTest(t, dir, Options{}) // one damaged entry must not stop the store
	if _, err := d.Entry(ctx, b); !errors.Is(err, ErrTampered) {
		t.Fatalf("swapped outbox entry: %v, want ErrTampered", err)
	}
	if l, err := d.List(ctx, Filter{}); !errors.Is(err, ErrTampered) || len(l) != 1 || l[0].ID != a.ID {
		t.Fatalf("List keeps the rest and reports the damaged entry: %v, %v", l, err)
	}
	rc, _, err := d.OpenEvidence(ctx, a.ID, Video)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	if _, err := io.Copy(io.Discard, rc); !errors.Is(err, ErrTampered) {
		t.Fatalf("reading a swapped chunk: %v, want ErrTampered", err)
	}
	rep, _ := d.Verify(ctx)
	if joined := strings.Join(rep.Faults, "\n"); !strings.Contains(joined, "video") || !strings.Contains(joined, "outbox entry "+ShortID(b)) {
		t.Fatalf("faults = %q", rep.Faults)
	}
}

func TestMaintainPurgesThenCompacts(t *testing.T) {
	ctx := context.Background()
	d := openTest(t, t.TempDir(), Options{})
	for i := range 4 {
		_, in := sampleEvidence(uint64(i), 4*ChunkSize)
		e, err := d.Seal(ctx, sampleEnrolment(), in)
		if err != nil {
			t.Fatal(err)
		}
		d.MarkDelivered(ctx, e.ID)
		d.MarkConfirmed(ctx, e.ID)
	}
	pr, cr, err := d.Maintain(ctx, 0, 0.3)
	if err != nil || len(pr.Purged) != 4 || cr.Skipped || cr.After >= cr.Before {
		t.Fatalf("Maintain = %+v, %+v, %v", pr, cr, err)
	}
}
