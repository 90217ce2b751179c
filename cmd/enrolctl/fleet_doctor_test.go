package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/enrolkiosk/enrolkiosk/fleet"
	"github.com/enrolkiosk/enrolkiosk/fleet/fleettest"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// TestDoctorJSONHasTheHealth: doctor --json carries the fields the fleet metrics report,
// read from the store, judged by the freeze rules (frozen fails), without personal data.
func TestDoctorJSONHasTheHealth(t *testing.T) {
	dir := t.TempDir()
	db, err := store.Open(context.Background(), dir, store.Options{MinFreeBytes: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	for n := 1; n <= 2; n++ {
		fleettest.Seal(t, db, n)
	}
	id, err := db.Identity(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	cfg := writeConfig(t, "branch_id = \"QUITO-01\"\n[camera]\nsource = \"videotest\"\n[fleet]\nmax_pending = 1\n")
	code, out, stderr := runCLI(t, "--config", cfg, "--data-dir", dir, "doctor", "--json")
	var rep struct {
		Checks []checkResult `json:"checks"`
		Health fleet.Report  `json:"health"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("doctor --json printed %q (stderr %q): %v", out, stderr, err)
	}
	h := rep.Health
	if code != exitProblem || h.Freeze != "frozen" || h.FreezeCause != "pending" {
		t.Fatalf("2 undelivered with max_pending 1: exit %d, health %+v", code, h)
	}
	if !h.QueueKnown || h.Queue["queued"] != 2 || h.Undelivered != 2 || h.OldestPendingAgeSeconds <= 0 || h.LastDelivery != nil {
		t.Errorf("queue fields: %+v", h)
	}
	if h.InstallationID != id.InstallationID || h.Branch != "QUITO-01" || h.KeyProtection != fleet.KeyFile ||
		h.DiskFreeBytes == nil || *h.DiskFreeBytes == 0 || h.Camera != "videotest" || h.Profile != "oneshot" {
		t.Errorf("installation fields: %+v", h)
	}
	var fleetCheck checkResult
	for _, c := range rep.Checks {
		if c.Name == "fleet" {
			fleetCheck = c
		}
	}
	if fleetCheck.Status != statusFail || !strings.Contains(fleetCheck.Detail, "2 of 1 undelivered") {
		t.Errorf("fleet check: %+v", fleetCheck)
	}
	for n := 1; n <= 2; n++ {
		for _, p := range fleettest.Personal(n) {
			if strings.Contains(out, p) {
				t.Errorf("doctor --json shows personal data %q", p)
			}
		}
	}
}
