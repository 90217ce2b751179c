package store

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/enrolkiosk/enrolkiosk/internal/durable"
)

// benchEvidence is ~3 MiB of evidence: two document images, a selfie, a video and a
// signature.
func benchEvidence() ([][]byte, int64) {
	sizes := []int{400 << 10, 400 << 10, 300 << 10, 1900 << 10, 60 << 10}
	var out [][]byte
	var total int64
	for i, n := range sizes {
		out = append(out, blob(uint64(i), n))
		total += int64(n)
	}
	return out, total
}

func benchInputs(blobs [][]byte) []EvidenceInput {
	kinds := []EvidenceKind{DocumentFront, DocumentRear, DocumentOwner, Video, SignatureImage}
	in := make([]EvidenceInput, len(blobs))
	for i, b := range blobs {
		in[i] = Bytes(kinds[i], "application/octet-stream", b)
	}
	return in
}

// BenchmarkSeal seals ~3 MiB of evidence per op (fsync included) and, interleaved in the
// same run, writes and fsyncs the same bytes to a plain file, and puts them unencrypted
// into a bare bbolt file in one transaction (bbolt's own cost: page writes and its two
// fsyncs, data and meta). seal/plainfile is the ratio to the plain file (target 1.5);
// bbolt/plainfile is the floor bbolt sets, and seal-bbolt-ms what sealing adds to it
// (hashing, encryption, the record, the outbox and audit entries). BenchmarkSealCPU
// measures that addition without any I/O. See docs/store.md for the numbers.
func BenchmarkSeal(b *testing.B) {
	ctx := context.Background()
	blobs, total := benchEvidence()
	dir := b.TempDir()
	d := openTest(b, dir, Options{})
	bare, err := bolt.Open(filepath.Join(b.TempDir(), "bare.db"), 0o600, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer bare.Close()
	var sealTime, plainTime, boltTime time.Duration
	b.SetBytes(total)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if _, err := d.Seal(ctx, sampleEnrolment(), benchInputs(blobs)); err != nil {
			b.Fatal(err)
		}
		sealTime += time.Since(start)
		start = time.Now()
		if err := writePlain(filepath.Join(dir, "plain.bin"), blobs); err != nil {
			b.Fatal(err)
		}
		plainTime += time.Since(start)
		start = time.Now()
		if err := writeBare(bare, i, blobs); err != nil {
			b.Fatal(err)
		}
		boltTime += time.Since(start)
	}
	b.StopTimer()
	ms := func(t time.Duration) float64 { return float64(t.Microseconds()) / float64(b.N) / 1000 }
	b.ReportMetric(ms(sealTime), "seal-ms/op")
	b.ReportMetric(ms(plainTime), "plainfile-ms/op")
	b.ReportMetric(ms(boltTime), "bbolt-ms/op")
	b.ReportMetric(ms(sealTime-boltTime), "seal-bbolt-ms/op")
	b.ReportMetric(float64(sealTime)/float64(plainTime), "seal/plainfile")
	b.ReportMetric(float64(boltTime)/float64(plainTime), "bbolt/plainfile")
}

// BenchmarkSealCPU is the work of a seal before bbolt's commit (hashing, encrypting and
// putting the chunks, the record, the outbox and audit entries), rolled back: no I/O.
func BenchmarkSealCPU(b *testing.B) {
	ctx := context.Background()
	blobs, total := benchEvidence()
	d, err := Open(ctx, b.TempDir(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	b.SetBytes(total)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e := sampleEnrolment()
		in := benchInputs(blobs)
		if err := d.checkSealable(&e, in); err != nil {
			b.Fatal(err)
		}
		tx, err := d.bolt.Begin(true)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := d.sealTx(ctx, tx, &e, in); err != nil {
			b.Fatal(err)
		}
		if err := tx.Rollback(); err != nil {
			b.Fatal(err)
		}
	}
}

// writeBare puts blobs in ChunkSize values into a new bucket of db, in one transaction.
func writeBare(db *bolt.DB, i int, blobs [][]byte) error {
	return db.Update(func(tx *bolt.Tx) error {
		bk, err := tx.CreateBucket(fmt.Appendf(nil, "e%08d", i))
		if err != nil {
			return err
		}
		bk.FillPercent = 1
		k := 0
		for j, blob := range blobs {
			for off := 0; off < len(blob); off += ChunkSize {
				if err := bk.Put(fmt.Appendf(nil, "%d/%08d", j, k), blob[off:min(off+ChunkSize, len(blob))]); err != nil {
					return err
				}
				k++
			}
		}
		return nil
	})
}

// writePlain is the peer: the same bytes to one new file, fsynced, renamed, dir fsynced.
func writePlain(path string, blobs [][]byte) error {
	return durable.WriteFunc(path, 0o600, func(w io.Writer) error {
		for _, b := range blobs {
			if _, err := w.Write(b); err != nil {
				return err
			}
		}
		return nil
	})
}

// BenchmarkReadEvidence streams a 1.9 MiB video back (decrypting chunk by chunk) and, in
// the same run, reads the same bytes from a plain file; read/plainfile is the ratio.
func BenchmarkReadEvidence(b *testing.B) {
	ctx := context.Background()
	blobs, _ := benchEvidence()
	dir := b.TempDir()
	d := openTest(b, dir, Options{})
	e, err := d.Seal(ctx, sampleEnrolment(), benchInputs(blobs))
	if err != nil {
		b.Fatal(err)
	}
	plain := filepath.Join(dir, "video.bin")
	if err := os.WriteFile(plain, blobs[3], 0o600); err != nil {
		b.Fatal(err)
	}
	var readTime, plainTime time.Duration
	b.SetBytes(int64(len(blobs[3])))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		rc, _, err := d.OpenEvidence(ctx, e.ID, Video)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := io.Copy(io.Discard, rc); err != nil {
			b.Fatal(err)
		}
		rc.Close()
		readTime += time.Since(start)
		start = time.Now()
		f, err := os.Open(plain)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, f)
		f.Close()
		plainTime += time.Since(start)
	}
	b.ReportMetric(float64(readTime)/float64(plainTime), "read/plainfile")
}

// BenchmarkOpen500 opens a store holding 500 queued enrolments (key load, schema check,
// counting the queue).
func BenchmarkOpen500(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	b.Cleanup(func() { checkBolt(b, filepath.Join(dir, FileName)) })
	d, err := Open(ctx, dir, Options{})
	if err != nil {
		b.Fatal(err)
	}
	for i := range 500 {
		if _, err := d.Seal(ctx, sampleEnrolment(), []EvidenceInput{Bytes(DocumentFront, "image/jpeg", blob(uint64(i), 2048))}); err != nil {
			b.Fatal(err)
		}
	}
	d.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d, err := Open(ctx, dir, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if d.Counts()[Queued] != 500 {
			b.Fatal("wrong count")
		}
		d.Close()
	}
}
