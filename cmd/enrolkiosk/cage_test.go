package main

import (
	"bufio"
	"flag"
	"io"
	"os"
	"strings"
	"testing"
)

// TestCageUnit keeps deploy/cage/enrolkiosk.service honest: cage runs the app and
// nothing else, without VT switching, restarted whenever it ends, as an unprivileged
// user, with flags this program has.
func TestCageUnit(t *testing.T) {
	f, err := os.Open("../../deploy/cage/enrolkiosk.service")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	keys := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if k, v, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(line, "#") {
			keys[k] = v
		}
	}
	for k, want := range map[string]string{"Restart": "always", "User": "enrolkiosk", "PAMName": "enrolkiosk",
		"TTYPath": "/dev/tty7", "NoNewPrivileges": "yes", "WantedBy": "graphical.target"} {
		if keys[k] != want {
			t.Errorf("%s=%q, want %q", k, keys[k], want)
		}
	}
	args := strings.Fields(keys["ExecStart"])
	if len(args) < 4 || args[0] != "/usr/bin/cage" {
		t.Fatalf("ExecStart=%q does not start cage", keys["ExecStart"])
	}
	sep := -1
	for i, a := range args {
		if a == "--" {
			sep = i
			break
		}
		if a == "-s" {
			t.Error("cage -s lets the signer switch to another virtual terminal")
		}
	}
	if sep < 0 || sep+1 >= len(args) || !strings.HasSuffix(args[sep+1], "/enrolkiosk") {
		t.Fatalf("cage does not run enrolkiosk: %q", keys["ExecStart"])
	}
	var o options
	fs := flags(&o)
	fs.Init("enrolkiosk", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args[sep+2:]); err != nil {
		t.Fatalf("the unit passes a flag enrolkiosk does not have: %v", err)
	}
	if !o.fullscreen || o.demo {
		t.Errorf("the unit runs the app with %+v, want full screen and no demo", o)
	}
	if _, err := os.Stat("../../deploy/cage/pam.d-enrolkiosk"); err != nil {
		t.Errorf("the unit's PAM file: %v", err)
	}
}
