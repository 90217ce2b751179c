// Package buildinfo reports the product name and version compiled into the binaries.
package buildinfo

import (
	"runtime/debug"
	"strings"
)

// Product is the product name used in window titles and the User-Agent header.
const Product = "EnrolKiosk"

// AppID is the application id registered with Fyne and the desktop.
const AppID = "io.github.enrolkiosk.enrolkiosk"

// version is set at link time with -ldflags "-X .../buildinfo.version=v1.2.3".
var version string

// Version returns the release version, else the VCS revision, else "dev".
func Version() string {
	if version != "" {
		return version
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	rev, dirty := "", false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "dev"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "-dirty"
	}
	return "dev-" + rev
}

// UserAgent returns the User-Agent header value, for example "EnrolKiosk/v1.0.0 (linux)".
func UserAgent(goos string) string {
	return Product + "/" + strings.TrimPrefix(Version(), "v") + " (" + goos + ")"
}
