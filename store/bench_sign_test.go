package store

import (
	"context"
	"crypto"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// BenchmarkSealSigning seals ~3 MiB of evidence per op, as BenchmarkSeal, and in the same
// loop times the signing work a seal now does inside its transaction: the manifest (built
// and Ed25519-signed) and the audit checkpoint (signed). sealed/unsigned is the seal's
// time over the same seal without that work (target: at most 1.05).
func BenchmarkSealSigning(b *testing.B) {
	ctx := context.Background()
	blobs, total := benchEvidence()
	d, err := Open(ctx, b.TempDir(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	var sealTime, signTime time.Duration
	b.SetBytes(total)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		e, err := d.Seal(ctx, sampleEnrolment(), benchInputs(blobs))
		if err != nil {
			b.Fatal(err)
		}
		sealTime += time.Since(start)
		err = d.view(ctx, func(tx *bolt.Tx) error {
			start := time.Now()
			if err := d.signManifest(tx, &e); err != nil {
				return err
			}
			key, _, err := d.signer(tx) // putCheckpoint's signing, without its write
			if err != nil {
				return err
			}
			if _, err := key.Sign(nil, checkpointText(AuditHead{Seq: 1, MAC: e.ID}), crypto.Hash(0)); err != nil {
				return err
			}
			signTime += time.Since(start)
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(sealTime.Microseconds())/float64(b.N)/1000, "seal-ms/op")
	b.ReportMetric(float64(signTime.Microseconds())/float64(b.N), "signing-us/op")
	b.ReportMetric(float64(sealTime)/float64(sealTime-signTime), "sealed/unsigned")
}
