package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
)

func TestSealAndReadBack(t *testing.T) {
	ctx := context.Background()
	d := openTest(t, t.TempDir(), Options{})
	want, in := sampleEvidence(1, 3*ChunkSize+17)
	e, err := d.Seal(ctx, sampleEnrolment(), in)
	if err != nil {
		t.Fatal(err)
	}
	if len(e.ShortID()) != ShortIDLen || e.Created.IsZero() || len(e.Evidence) != 3 {
		t.Fatalf("sealed enrolment not filled: %+v", e)
	}
	got, err := d.Get(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Applicant != e.Applicant || got.Checks != e.Checks || len(got.Evidence) != 3 {
		t.Fatalf("Get = %+v, want %+v", got, e)
	}
	for kind, b := range want {
		if !bytes.Equal(readAll(t, d, e.ID, kind), b) {
			t.Errorf("%s differs after read-back", kind)
		}
	}
	if ev, _ := got.EvidenceOf(Video); ev.Chunks != (len(want[Video])+ChunkSize-1)/ChunkSize {
		t.Errorf("video stored in %d chunks", ev.Chunks)
	}
	ent, err := d.Entry(ctx, e.ID)
	if err != nil || ent.State != Queued || ent.EvidenceBytes != int64(3*ChunkSize+17) {
		t.Fatalf("Entry = %+v, %v", ent, err)
	}
	if c := d.Counts(); c[Queued] != 1 {
		t.Errorf("Counts = %v", c)
	}
}

func TestSealRefusesBadInput(t *testing.T) {
	ctx := context.Background()
	d := openTest(t, t.TempDir(), Options{})
	ok := func() []EvidenceInput { return []EvidenceInput{Bytes(DocumentFront, "image/jpeg", []byte{1})} }
	noProfile := sampleEnrolment()
	noProfile.Profile = ""
	badID := sampleEnrolment()
	badID.ID = "not-a-uuid"
	cases := map[string]struct {
		e  Enrolment
		in []EvidenceInput
	}{
		"no profile":   {noProfile, ok()},
		"bad id":       {badID, ok()},
		"no evidence":  {sampleEnrolment(), nil},
		"twice":        {sampleEnrolment(), append(ok(), ok()...)},
		"empty":        {sampleEnrolment(), []EvidenceInput{Bytes(Video, "video/webm", nil)}},
		"bad kind":     {sampleEnrolment(), []EvidenceInput{Bytes("../x", "image/jpeg", []byte{1})}},
		"content type": {sampleEnrolment(), []EvidenceInput{Bytes(Video, "", []byte{1})}},
	}
	for name, c := range cases {
		if _, err := d.Seal(ctx, c.e, c.in); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: err = %v, want ErrInvalid", name, err)
		}
	}
	if n, _ := d.List(ctx, Filter{}); len(n) != 0 {
		t.Fatalf("refused seals left %d entries", len(n))
	}
}

func TestSealTwiceWithSameIDIsRefused(t *testing.T) {
	ctx := context.Background()
	d := openTest(t, t.TempDir(), Options{})
	e := sampleEnrolment()
	e.ID = "0b5e4f5e-3a43-4a57-9d53-2a8b8f1b2c3d"
	if _, err := d.Seal(ctx, e, []EvidenceInput{Bytes(DocumentFront, "image/jpeg", []byte("a"))}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Seal(ctx, e, []EvidenceInput{Bytes(DocumentFront, "image/jpeg", []byte("b"))}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("second seal: %v", err)
	}
	if got := readAll(t, d, e.ID, DocumentFront); string(got) != "a" {
		t.Fatalf("first seal overwritten: %q", got)
	}
}

func TestSealReaderErrorWritesNothing(t *testing.T) {
	ctx := context.Background()
	d := openTest(t, t.TempDir(), Options{})
	bad := io.MultiReader(bytes.NewReader(blob(3, ChunkSize*2)), iotest.ErrReader(errors.New("camera unplugged")))
	_, err := d.Seal(ctx, sampleEnrolment(), []EvidenceInput{
		Bytes(DocumentFront, "image/jpeg", blob(2, 100)),
		{Kind: Video, ContentType: "video/webm", Data: bad},
	})
	if err == nil || !strings.Contains(err.Error(), "camera unplugged") {
		t.Fatalf("err = %v", err)
	}
	if l, _ := d.List(ctx, Filter{}); len(l) != 0 || d.Counts()[Queued] != 0 {
		t.Fatalf("failed seal left %d entries", len(l))
	}
}

func TestNoPlaintextOnDisk(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d := openTest(t, dir, Options{})
	img := []byte(strings.Repeat("JPEG-PIXELS-OF-ZACARIAS-", 2000))
	e := sampleEnrolment()
	if _, err := d.Seal(ctx, e, []EvidenceInput{Bytes(DocumentFront, "image/jpeg", img)}); err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{e.Applicant.GivenName, e.Applicant.Surname1, e.Applicant.SerialNumber,
		e.Applicant.Email, e.Applicant.MobilePhoneNumber, "JPEG-PIXELS", "rao-17", "MAD-01", "image/jpeg"} {
		if bytes.Contains(raw, []byte(s)) {
			t.Errorf("the database file contains %q in plain text", s)
		}
	}
	if !bytes.Contains(raw, []byte("sealed")) { // the audit log is plain: proves the scan reads real content
		t.Error("scan found no audit entry; is the file empty?")
	}
}

// TestSealBytesReadersAndPartlyReadBytesAgree seals the same sizes given as Bytes (sealed
// where they lie), as a plain reader and as Bytes already partly read (both read chunk by
// chunk), around chunk boundaries: each reads back whole, with the SHA-256 and chunk
// count of its bytes, and the Bytes inputs are read to their end as EvidenceInput says.
func TestSealBytesReadersAndPartlyReadBytesAgree(t *testing.T) {
	ctx := context.Background()
	d := openTest(t, t.TempDir(), Options{})
	for _, size := range []int{1, ChunkSize - 1, ChunkSize, ChunkSize + 1, 3*ChunkSize + 5} {
		front, rear, video := blob(uint64(size), size), blob(uint64(size)+1, size), blob(uint64(size)+2, size+3)
		partly := Bytes(Video, "video/webm", video)
		head := make([]byte, 3)
		if _, err := io.ReadFull(partly.Data, head); err != nil {
			t.Fatal(err)
		}
		asBytes := Bytes(DocumentFront, "image/jpeg", front)
		in := []EvidenceInput{asBytes,
			{Kind: DocumentRear, ContentType: "image/jpeg", Data: struct{ io.Reader }{bytes.NewReader(rear)}},
			partly}
		e, err := d.Seal(ctx, sampleEnrolment(), in)
		if err != nil {
			t.Fatalf("size %d: %v", size, err)
		}
		want := map[EvidenceKind][]byte{DocumentFront: front, DocumentRear: rear, Video: video[3:]}
		for _, ev := range e.Evidence {
			b := want[ev.Kind]
			if got := readAll(t, d, e.ID, ev.Kind); !bytes.Equal(got, b) {
				t.Errorf("size %d: %s reads back %d bytes, want %d", size, ev.Kind, len(got), len(b))
			}
			sum := sha256.Sum256(b)
			if ev.SHA256 != hex.EncodeToString(sum[:]) || ev.Size != int64(len(b)) || ev.Chunks != (len(b)+ChunkSize-1)/ChunkSize {
				t.Errorf("size %d: %s sealed as %+v", size, ev.Kind, ev)
			}
		}
		for _, in := range []EvidenceInput{asBytes, partly} {
			if n, err := in.Data.Read(make([]byte, 1)); n != 0 || err != io.EOF {
				t.Errorf("size %d: %s not read to its end by Seal: %d, %v", size, in.Kind, n, err)
			}
		}
	}
}

// TestSealDoesNotKeepTheCallersBytes changes the caller's slice once Seal returns: the
// sealed evidence is what was given, so nothing of the caller's memory is stored or
// still being read.
func TestSealDoesNotKeepTheCallersBytes(t *testing.T) {
	ctx := context.Background()
	d := openTest(t, t.TempDir(), Options{})
	b := blob(5, 2*ChunkSize+9)
	want := bytes.Clone(b)
	e, err := d.Seal(ctx, sampleEnrolment(), []EvidenceInput{Bytes(Video, "video/webm", b)})
	if err != nil {
		t.Fatal(err)
	}
	clear(b)
	if got := readAll(t, d, e.ID, Video); !bytes.Equal(got, want) {
		t.Fatal("the sealed video changed with the caller's slice")
	}
}

// TestSealErrorWaitsForItsHashing fails a seal at its first stored chunk, while the
// SHA-256 of a large Bytes input has only just started: sealAll returns only once that
// hashing has finished with the caller's bytes (the race detector cannot see it: the
// hashing is assembly), so the caller may reuse them at once.
func TestSealErrorWaitsForItsHashing(t *testing.T) {
	ck, err := newCipherKey(randomKey())
	if err != nil {
		t.Fatal(err)
	}
	full := errors.New("disk full")
	cs := &chunkSealer{ck: ck, id: "x", put: func(_, _ []byte) error { return full }}
	in := []EvidenceInput{Bytes(Video, "video/webm", blob(6, 64*ChunkSize)), Bytes(DocumentFront, "image/jpeg", blob(7, 10))}
	if _, _, err := cs.sealAll(context.Background(), in); !errors.Is(err, full) {
		t.Fatalf("err = %v", err)
	}
	for i, h := range cs.hashes {
		if len(h.sum) != 1 {
			t.Errorf("input %d still hashing after sealAll returned its error", i)
		}
	}
}

// TestSealReusesChunkMemorySafely seals, fails a seal part way, and seals again: the
// later seals encrypt into the memory of the earlier ones' chunks (chunkBuffers), and
// every enrolment still reads back as it was given.
func TestSealReusesChunkMemorySafely(t *testing.T) {
	ctx := context.Background()
	d := openTest(t, t.TempDir(), Options{})
	first := blob(10, 9*ChunkSize+1)
	a, err := d.Seal(ctx, sampleEnrolment(), []EvidenceInput{Bytes(Video, "video/webm", first)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = d.Seal(ctx, sampleEnrolment(), []EvidenceInput{Bytes(Video, "video/webm", blob(11, 9*ChunkSize)),
		{Kind: DocumentFront, ContentType: "image/jpeg", Data: iotest.ErrReader(errors.New("camera unplugged"))}})
	if err == nil {
		t.Fatal("a seal with a failing reader succeeded")
	}
	second := blob(12, 9*ChunkSize+2)
	b, err := d.Seal(ctx, sampleEnrolment(), []EvidenceInput{Bytes(Video, "video/webm", second)})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(readAll(t, d, a.ID, Video), first) || !bytes.Equal(readAll(t, d, b.ID, Video), second) {
		t.Fatal("a seal's evidence changed when a later seal reused its chunk memory")
	}
	rep, err := d.Verify(ctx)
	if err != nil || !rep.OK() || rep.Enrolments != 2 {
		t.Fatalf("verify: %+v %v", rep, err)
	}
}
