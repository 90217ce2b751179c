package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/enrolkiosk/enrolkiosk/store/manifest"
	"github.com/enrolkiosk/enrolkiosk/store/storetest"
)

// seedStore makes a data dir with two enrolments, the first confirmed.
func seedStore(t *testing.T) (string, []string) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	db := storetest.Open(t, storetest.InDir(dir))
	defer db.Close() // the commands under test open it next
	var ids []string
	for i := range 2 {
		e, err := db.Seal(ctx, store.Enrolment{Profile: "oneshot", Applicant: store.Applicant{GivenName: "Ana"}},
			[]store.EvidenceInput{store.Bytes(store.DocumentFront, "image/jpeg", []byte(strings.Repeat("x", 1000+i)))})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, e.ID)
	}
	if err := db.MarkDelivered(ctx, ids[0]); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkConfirmed(ctx, ids[0]); err != nil {
		t.Fatal(err)
	}
	return dir, ids
}

func TestQueueCommands(t *testing.T) {
	dir, ids := seedStore(t)
	code, out, errs := runCtl(t, "--data-dir", dir, "queue", "ls", "--json")
	var entries []store.Entry
	if code != 0 || json.Unmarshal([]byte(out), &entries) != nil || len(entries) != 2 {
		t.Fatalf("queue ls --json: exit %d, %s %s", code, out, errs)
	}
	short := store.ShortID(ids[1])
	for _, step := range []struct{ args, want string }{
		{"hold " + short, "held"}, {"release " + short, "queued"}, {"retry " + short, "queued"},
	} {
		code, out, errs := runCtl(t, append([]string{"--data-dir", dir, "queue"}, strings.Fields(step.args)...)...)
		if code != 0 || !strings.Contains(out, step.want) {
			t.Fatalf("queue %s: exit %d, %q %q", step.args, code, out, errs)
		}
	}
	code, out, _ = runCtl(t, "--data-dir", dir, "queue", "show", short, "--json")
	var show queueShowOutput
	if code != 0 || json.Unmarshal([]byte(out), &show) != nil || len(show.Evidence) != 1 || show.Entry.ID != ids[1] {
		t.Fatalf("queue show: exit %d, %s", code, out)
	}
	if strings.Contains(out, "Ana") {
		t.Fatal("queue show prints the applicant's name")
	}
	if code, _, errs := runCtl(t, "--data-dir", dir, "queue", "release", short); code != 1 || !strings.Contains(errs, "cannot release") {
		t.Fatalf("release of a queued entry: exit %d, %s", code, errs)
	}
	if code, _, _ := runCtl(t, "--data-dir", dir, "queue", "frobnicate"); code != 2 {
		t.Fatalf("unknown queue action: exit %d", code)
	}
	if code, _, _ := runCtl(t, "--data-dir", dir, "queue", "show", "ab"); code != 2 {
		t.Fatalf("too-short id: exit %d", code)
	}
}

func TestVerifyExportPurgeCompact(t *testing.T) {
	dir, ids := seedStore(t)
	if code, out, errs := runCtl(t, "--data-dir", dir, "verify"); code != 0 || !strings.Contains(out, "2 enrolments") {
		t.Fatalf("verify: exit %d, %s %s", code, out, errs)
	}
	exp := filepath.Join(t.TempDir(), "x")
	if code, out, errs := runCtl(t, "--data-dir", dir, "export", store.ShortID(ids[1]), "--out", exp); code != 0 || !strings.Contains(out, "document_front.jpg") {
		t.Fatalf("export: exit %d, %s %s", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(exp, store.ManifestName)); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := runCtl(t, "verify-export", exp); code != 0 || !strings.Contains(out, "2 files ok") {
		t.Fatalf("verify-export: exit %d, %s %s", code, out, errs)
	}
	other := filepath.Join(t.TempDir(), "other.pem")
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	pemb, _ := manifest.PublicKeyPEM(pub)
	os.WriteFile(other, pemb, 0o600)
	if code, out, _ := runCtl(t, "verify-export", exp, "--pubkey", other); code != 1 || !strings.Contains(out, "FAULT manifest.json / manifest.sig") {
		t.Fatalf("verify-export pinned to another key: exit %d, %s", code, out)
	}
	front := filepath.Join(exp, "document_front.jpg")
	b, _ := os.ReadFile(front)
	b[0] ^= 1
	os.WriteFile(front, b, 0o600)
	if code, out, _ := runCtl(t, "verify-export", exp); code != 1 || !strings.Contains(out, "FAULT document_front.jpg: SHA-256 differs") {
		t.Fatalf("verify-export of a changed image: exit %d, %s", code, out)
	}
	code, out, errs := runCtl(t, "--data-dir", dir, "purge", "--retention", "0s")
	if code != 0 || !strings.Contains(out, "purged 1") || !strings.Contains(out, "1 not yet confirmed") {
		t.Fatalf("purge: exit %d, %s %s", code, out, errs)
	}
	if code, out, errs := runCtl(t, "--data-dir", dir, "compact", "--force"); code != 0 || !strings.Contains(out, "compacted") {
		t.Fatalf("compact: exit %d, %s %s", code, out, errs)
	}
	if code, _, _ := runCtl(t, "--data-dir", dir, "verify"); code != 0 {
		t.Fatalf("verify after purge and compact: exit %d", code)
	}
}

func TestVerifyFailsOnTamperedEvidence(t *testing.T) {
	dir, ids := seedStore(t)
	bdb, err := bolt.Open(filepath.Join(dir, store.FileName), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	bdb.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("evidence")).Bucket([]byte(ids[1]))
		k, v := b.Cursor().First()
		v = append([]byte(nil), v...)
		v[30] ^= 0xff
		return b.Put(k, v)
	})
	bdb.Close()
	code, out, _ := runCtl(t, "--data-dir", dir, "verify", "--json")
	if code != 1 || !strings.Contains(out, `"ok": false`) || !strings.Contains(out, store.ShortID(ids[1])) {
		t.Fatalf("verify of tampered store: exit %d, %s", code, out)
	}
}

// TestQueueListShowsUnreadableEntries: an outbox entry damaged on disk is not hidden:
// queue ls lists the rest, says on stderr that one entry could not be read, and exits 1.
func TestQueueListShowsUnreadableEntries(t *testing.T) {
	dir, ids := seedStore(t)
	bdb, err := bolt.Open(filepath.Join(dir, store.FileName), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = bdb.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("outbox"))
		v := append([]byte(nil), b.Get([]byte(ids[1]))...)
		v[len(v)-1] ^= 0xff
		return b.Put([]byte(ids[1]), v)
	})
	bdb.Close()
	if err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCtl(t, "--data-dir", dir, "queue", "ls")
	if code != exitProblem || !strings.Contains(out, store.ShortID(ids[0])) || !strings.Contains(errs, "1 queue entry could not be read") {
		t.Fatalf("queue ls with a damaged entry: exit %d\n%s\n%s", code, out, errs)
	}
	code, out, errs = runCtl(t, "--data-dir", dir, "queue", "ls", "--json", "--state", "queued")
	var entries []store.Entry
	if code != exitProblem || json.Unmarshal([]byte(out), &entries) != nil || len(entries) != 0 || !strings.Contains(errs, "could not be read") {
		t.Fatalf("queue ls --json --state queued with a damaged queued entry: exit %d\n%s\n%s", code, out, errs)
	}
}

func TestStoreCommandsRefuseMissingDatabaseAndBadConfig(t *testing.T) {
	empty := t.TempDir()
	if code, _, errs := runCtl(t, "--data-dir", empty, "queue", "ls"); code != 1 || !strings.Contains(errs, "no database") {
		t.Fatalf("missing database: exit %d, %s", code, errs)
	}
	if entries, _ := os.ReadDir(empty); len(entries) != 0 {
		t.Fatalf("a read command created files in an empty data dir: %v", entries)
	}
	cfg := filepath.Join(t.TempDir(), "c.toml")
	os.WriteFile(cfg, []byte("[store]\npassphrase = \"plain\"\n"), 0o600)
	dir, _ := seedStore(t)
	if code, _, errs := runCtl(t, "--config", cfg, "--data-dir", dir, "verify"); code != 3 {
		t.Fatalf("bad config: exit %d, %s", code, errs)
	}
}

func TestDoctorReportsStore(t *testing.T) {
	dir, _ := seedStore(t)
	db := storetest.Open(t, storetest.InDir(dir))
	db.Reject(context.Background(), mustResolveSecond(t, db), "blurry")
	db.Close()
	_, out, _ := runCtl(t, "--data-dir", dir, "doctor")
	if !strings.Contains(out, "1 rejected") || !strings.Contains(out, "need the operator") {
		t.Fatalf("doctor output lacks the store line:\n%s", out)
	}
}

// mustResolveSecond returns the id of the one queued enrolment of seedStore.
func mustResolveSecond(t *testing.T, db *store.DB) string {
	t.Helper()
	l, err := db.List(context.Background(), store.Filter{States: []store.State{store.Queued}})
	if err != nil || len(l) != 1 {
		t.Fatalf("queued = %v, %v", l, err)
	}
	return l[0].ID
}
