package iso19794

import (
	"encoding/binary"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the fixtures under testdata/")

// TestWriteFixtures rewrites the hand-built fixtures when run with -update; without it,
// it checks that the files on disk are still what this code describes.
func TestWriteFixtures(t *testing.T) {
	rec, _ := FromSignature(tabletSig())
	good, err := Encode(rec)
	if err != nil {
		t.Fatal(err)
	}
	withLen := func(b []byte) []byte { binary.BigEndian.PutUint32(b[8:], uint32(len(b))); return b }
	bad := map[string][]byte{
		"empty.bin":         {},
		"wrong_id.bin":      append([]byte("SDX\x00"), good[4:]...),
		"truncated.bin":     good[:len(good)-7],
		"length_lies.bin":   append(append([]byte{}, good...), 0, 0),
		"no_channels.bin":   withLen(append(append([]byte{}, good[:14]...), 0, 0, 0, 0, 0, 0, 0, 0)),
		"two_reps.bin":      append(append(append([]byte{}, good[:12]...), 2), good[13:]...),
		"huge_count.bin":    withLen(append(append([]byte{}, good[:14]...), 0x80, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0)),
		"trailing_junk.bin": withLen(append(append([]byte{}, good...), 1, 2, 3)),
	}
	// X, Y, T, F with T scaled 1000/s; three samples, the first with zero pressure.
	noS := []byte("SDI\x00010\x00\x00\x00\x00\x00\x01\x00")
	noS = binary.BigEndian.AppendUint16(noS, uint16(Channels(0).With(X).With(Y).With(T).With(F)))
	noS = append(noS, 0, 0, 0x80, 0xcf, 0xa0, 0x20, 0x03, 0xff)
	noS = binary.BigEndian.AppendUint32(noS, 3)
	for i, p := range []uint16{0, 300, 200} {
		noS = binary.BigEndian.AppendUint16(noS, uint16(10+i))
		noS = binary.BigEndian.AppendUint16(noS, uint16(20+i))
		noS = binary.BigEndian.AppendUint16(noS, uint16(10*i))
		noS = binary.BigEndian.AppendUint16(noS, p)
	}
	noS = withLen(append(noS, 0, 0))
	files := map[string][]byte{"no_tip_switch.bin": noS}
	for k, v := range bad {
		files[filepath.Join("malformed", k)] = v
	}
	for name, want := range files {
		p := filepath.Join("testdata", name)
		if *update {
			if err := os.WriteFile(p, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(p)
		if err != nil || string(got) != string(want) {
			t.Errorf("%s is stale or missing (run go test -run TestWriteFixtures -update): %v", p, err)
		}
	}
}
