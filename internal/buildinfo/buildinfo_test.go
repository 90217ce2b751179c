package buildinfo_test

import (
	"runtime"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/enrolkiosk/enrolkiosk/internal/buildinfo"
)

// TestFyneAppMatches keeps the packaging metadata and the running app's id in step: the
// desktop file, the preferences folder and the app's storage all hang on the id.
func TestFyneAppMatches(t *testing.T) {
	var meta struct {
		Details struct{ ID, Name, Icon string }
	}
	if _, err := toml.DecodeFile("../../FyneApp.toml", &meta); err != nil {
		t.Fatal(err)
	}
	if meta.Details.ID != buildinfo.AppID {
		t.Fatalf("FyneApp.toml ID %q != buildinfo.AppID %q", meta.Details.ID, buildinfo.AppID)
	}
	// The fyne tool reads the file from cmd/enrolkiosk, where the icon path is relative.
	var linked struct{ Details struct{ ID string } }
	if _, err := toml.DecodeFile("../../cmd/enrolkiosk/FyneApp.toml", &linked); err != nil || linked.Details.ID != meta.Details.ID {
		t.Fatalf("cmd/enrolkiosk/FyneApp.toml must link to the root file: %v %q", err, linked.Details.ID)
	}
}

func TestUserAgent(t *testing.T) {
	ua := buildinfo.UserAgent(runtime.GOOS)
	if !strings.HasPrefix(ua, "EnrolKiosk/") || !strings.HasSuffix(ua, "("+runtime.GOOS+")") {
		t.Fatalf("User-Agent %q", ua)
	}
}
