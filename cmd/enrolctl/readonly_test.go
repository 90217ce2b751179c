package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/store"
)

// TestReadOnlyCommandsOnA0400Database: queue ls and show, verify and export work on a
// database file that is read-only, and leave it byte for byte as it was.
func TestReadOnlyCommandsOnA0400Database(t *testing.T) {
	data := t.TempDir()
	if code, _, errs := runCtl(t, "--data-dir", data, "enrol", "--from-dir", "testdata/enrol/good"); code != 0 {
		t.Fatalf("enrol: %s", errs)
	}
	path := filepath.Join(data, store.FileName)
	if err := os.Chmod(path, 0o400); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	code, out, errs := runCtl(t, "--data-dir", data, "queue", "ls", "--json")
	var list []struct {
		ID string `json:"id"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &list) != nil || len(list) != 1 {
		t.Fatalf("queue ls: exit %d %q %q", code, out, errs)
	}
	for _, args := range [][]string{{"queue", "show", list[0].ID}, {"verify"}, {"export", list[0].ID, "--out", t.TempDir()}} {
		if code, _, errs := runCtl(t, append([]string{"--data-dir", data}, args...)...); code != 0 {
			t.Errorf("%v on a read-only database: exit %d %s", args, code, errs)
		}
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, before) {
		t.Error("a read-only command changed the database")
	}
	if code, _, _ := runCtl(t, "--data-dir", data, "queue", "hold", list[0].ID); code == 0 && os.Geteuid() != 0 {
		t.Error("a change to a 0400 database succeeded")
	}
}
