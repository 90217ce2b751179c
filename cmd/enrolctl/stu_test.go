package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/capture/signature/stu"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/stu/stutest"
)

// fakeSys writes a sysfs with an STU-540 at hidraw4 and an STU-430 at hidraw5.
func fakeSys(t *testing.T) string {
	root := t.TempDir()
	for node, id := range map[string]string{"hidraw4": "000000A7", "hidraw5": "000000A4"} {
		dir := filepath.Join(root, "class", "hidraw", node, "device")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "uevent"), []byte("HID_ID=0003:0000056A:"+id+"\nHID_NAME=Wacom STU\nHID_UNIQ=\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestCheckSTU(t *testing.T) {
	sys := fakeSys(t)
	var opened string
	open := func(ctx context.Context, path string) (*stu.Pad, error) {
		opened = path
		return stu.New(ctx, stutest.STU540(), path, 0xa7, "")
	}
	r := checkSTU(t.Context(), "stu", sys, open)
	if r.Status != statusOK || opened != "/dev/hidraw4" ||
		r.Detail != "Wacom STU-540, serial 7Z00A00123, firmware 1.5 (/dev/hidraw4): X 0..10800, Y 0..6480, pressure max 1023, 200 Hz, screen 800x480 colour" {
		t.Fatalf("stu: %+v (opened %s)", r, opened)
	}
	if len(r.Items) != 1 || !strings.Contains(r.Items[0], "STU-430") {
		t.Fatalf("the other pad is not listed: %+v", r.Items)
	}
	if r := checkSTU(t.Context(), "stu", t.TempDir(), open); r.Status != statusFail || !strings.Contains(r.Detail, "no Wacom STU") {
		t.Fatalf("no pad: %+v", r)
	}
	if r := checkSTU(t.Context(), "stu:/dev/hidraw-missing", sys, func(ctx context.Context, path string) (*stu.Pad, error) {
		return stu.Open(ctx, path)
	}); r.Status != statusFail || !strings.Contains(r.Detail, "udev") {
		t.Fatalf("missing node: %+v", r)
	}
	hint := checkResult{Detail: "mouse"}
	stuHint(t.Context(), sys, &hint)
	if len(hint.Items) != 2 || !strings.Contains(hint.Detail, `signature.source = "stu"`) {
		t.Fatalf("hint %+v", hint)
	}
}
