package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// rawBolt runs fn on the closed store's file with plain bbolt: no device key.
func rawBolt(t *testing.T, dir string, fn func(tx *bolt.Tx) error) {
	t.Helper()
	bdb, err := bolt.Open(filepath.Join(dir, FileName), 0o600, &bolt.Options{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	if err := bdb.Update(fn); err != nil {
		t.Fatal(err)
	}
}

// auditedStore makes a store with two enrolments, one confirmed, and closes it.
func auditedStore(t *testing.T) (string, []string) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	d, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	a, b := sealOne(t, d), sealOne(t, d)
	if err := d.MarkDelivered(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := d.MarkConfirmed(ctx, a); err != nil {
		t.Fatal(err)
	}
	d.Close()
	return dir, []string{a, b}
}

func verifyFaults(t *testing.T, dir string) string {
	t.Helper()
	d, err := Open(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := d.Verify(context.Background())
	d.Close()
	if err != nil {
		t.Fatal(err)
	}
	checkBolt(t, filepath.Join(dir, FileName))
	return strings.Join(rep.Faults, "\n")
}

// deleteLast removes the last n audit entries.
func deleteLast(tx *bolt.Tx, n int) error {
	b := tx.Bucket(bucketAudit)
	for range n {
		k, _ := b.Cursor().Last()
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

func TestAuditTailRemovedIsReported(t *testing.T) {
	dir, _ := auditedStore(t)
	if f := verifyFaults(t, dir); f != "" {
		t.Fatalf("intact store: %s", f)
	}
	rawBolt(t, dir, func(tx *bolt.Tx) error { return deleteLast(tx, 2) })
	if f := verifyFaults(t, dir); !strings.Contains(f, "entries were removed from its end") {
		t.Fatalf("two entries cut from the end: faults %q", f)
	}
}

func TestAuditTailAndCheckpointRemovedIsReported(t *testing.T) {
	dir, ids := auditedStore(t)
	rawBolt(t, dir, func(tx *bolt.Tx) error {
		if err := deleteLast(tx, 1); err != nil { // the confirmation of ids[0]
			return err
		}
		return tx.Bucket(bucketMeta).Delete(metaAuditHead)
	})
	f := verifyFaults(t, dir)
	if !strings.Contains(f, "checkpoint is missing") || !strings.Contains(f, "no confirmed entry for "+ShortID(ids[0])) {
		t.Fatalf("tail and checkpoint removed: faults %q", f)
	}
}

func TestAuditRollbackToAnOldCheckpointIsReported(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	id := sealOne(t, d)
	var old []byte // a thief's copy of the signed checkpoint, taken now
	d.view(ctx, func(tx *bolt.Tx) error { old = bytes.Clone(tx.Bucket(bucketMeta).Get(metaAuditHead)); return nil })
	oldHead, _ := d.AuditHead(ctx)
	d.MarkDelivered(ctx, id)
	head, _ := d.AuditHead(ctx)
	if err := d.NoteAuditSeen(ctx, head); err != nil { // the backend received this head
		t.Fatal(err)
	}
	d.Close()
	rawBolt(t, dir, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAudit)
		for s := oldHead.Seq + 1; s <= head.Seq; s++ {
			b.Delete(binary.BigEndian.AppendUint64(nil, s))
		}
		return tx.Bucket(bucketMeta).Put(metaAuditHead, old)
	})
	f := verifyFaults(t, dir)
	if !strings.Contains(f, "behind the head the backend saw") || !strings.Contains(f, "no delivered entry for "+ShortID(id)) {
		t.Fatalf("log rolled back to an old signed checkpoint: faults %q", f)
	}
}

func TestAuditChainRewrittenWithoutTheKeyIsReported(t *testing.T) {
	dir, _ := auditedStore(t)
	rawBolt(t, dir, func(tx *bolt.Tx) error {
		// Rewrite the whole chain from entry 2 on, with MACs the thief can compute.
		b := tx.Bucket(bucketAudit)
		var all []AuditEntry
		b.ForEach(func(_, v []byte) error {
			var e AuditEntry
			json.Unmarshal(v, &e)
			all = append(all, e)
			return nil
		})
		var prev string
		for _, e := range all {
			if e.Seq >= 2 {
				e.Prev, e.Detail, e.MAC = prev, "rewritten", ""
				raw, _ := json.Marshal(e)
				sum := sha256.Sum256(raw)
				e.MAC = hex.EncodeToString(sum[:])
				raw, _ = json.Marshal(e)
				if err := b.Put(binary.BigEndian.AppendUint64(nil, e.Seq), raw); err != nil {
					return err
				}
			}
			prev = e.MAC
		}
		return nil
	})
	f := verifyFaults(t, dir)
	if !strings.Contains(f, "MAC does not match") || !strings.Contains(f, "differs from its signed checkpoint") {
		t.Fatalf("chain rewritten without the device key: faults %q", f)
	}
}

func TestMigrationSignsTheCheckpointOfAnOlderLog(t *testing.T) {
	dir, _ := auditedStore(t)
	rawBolt(t, dir, func(tx *bolt.Tx) error { // as schema 1 wrote it: no checkpoint
		m := tx.Bucket(bucketMeta)
		if err := m.Delete(metaAuditHead); err != nil {
			return err
		}
		return m.Put(metaSchema, binary.BigEndian.AppendUint64(nil, 1))
	})
	if f := verifyFaults(t, dir); f != "" {
		t.Fatalf("after the migration to schema 2: %s", f)
	}
	rawBolt(t, dir, func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketMeta).Get(metaSchema); binary.BigEndian.Uint64(v) != 2 || tx.Bucket(bucketMeta).Get(metaAuditHead) == nil {
			t.Error("the migration did not write schema 2 and the checkpoint")
		}
		return nil
	})
}
