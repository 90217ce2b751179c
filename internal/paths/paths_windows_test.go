package paths_test

import (
	"os"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/internal/paths"
)

// checkPrivateMode: Windows has no Unix modes; the data dir inherits the ACL of
// %LOCALAPPDATA%, which is the user's own.
func checkPrivateMode(*testing.T, os.FileInfo) {}

func TestDataDirFollowsLocalAppData(t *testing.T) {
	t.Setenv("LOCALAPPDATA", `D:\Users\kiosk\AppData\Local`)
	if d, err := paths.DataDir(); err != nil || d != `D:\Users\kiosk\AppData\Local\enrolkiosk` {
		t.Fatalf("%q %v", d, err)
	}
	t.Setenv("LOCALAPPDATA", "")
	d, err := paths.DataDir()
	if err != nil || d == "" || d == "enrolkiosk" {
		t.Fatalf("without LOCALAPPDATA: %q %v", d, err)
	}
}

func TestFreeBytesOfMissingDir(t *testing.T) {
	if _, err := paths.FreeBytes(`Q:\no\such\volume`); err == nil {
		t.Fatal("free space of a missing volume was reported")
	}
}
