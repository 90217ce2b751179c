package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/enrolkiosk/enrolkiosk/fleet"
	"github.com/enrolkiosk/enrolkiosk/internal/buildinfo"
	"github.com/enrolkiosk/enrolkiosk/internal/paths"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// checkFleet collects the health the app reports to the fleet (docs/fleet.md) and judges
// it by the freeze rules: frozen fails, a warning warns. It returns the health's report
// for --json. The queue is read only when the app does not hold the store open.
func checkFleet(ctx context.Context, in doctorInput) (checkResult, fleet.Report) {
	r := checkResult{Name: "fleet"}
	co := fleet.CollectorOptions{DataDir: in.dataDir, FreeBytes: paths.FreeBytes, Keys: fleet.ConfigKeys{Store: in.cfg.Store},
		Labels: fleet.Labels{Branch: in.cfg.BranchID}, Policy: fleet.PolicyFromConfig(in.cfg.Fleet),
		Info: fleet.InfoFromConfig(in.cfg, buildinfo.Version())}
	known := false
	var why string
	if db, err := openForHealth(ctx, in); err != nil {
		why = err.Error()
	} else {
		defer db.Close()
		if id, err := db.Identity(ctx); err == nil {
			co.Labels.InstallationID = id.InstallationID
		}
		co.Store, co.Keys, known = db, fleet.StoreKeys{DB: db}, true
	}
	h, err := fleet.NewCollector(co).Collect(ctx)
	rep := h.Report(known)
	if err != nil {
		r.Items = append(r.Items, err.Error())
	}
	v := h.Freeze
	switch v.Level {
	case fleet.Frozen:
		r.Status = statusFail
	case fleet.Warning:
		r.Status = statusWarn
	default:
		r.Status = statusOK
	}
	if !known {
		r.Status = statusWarn
		r.Detail = "queue not read (" + why + "); key " + h.KeyProtection
		return r, rep
	}
	r.Detail = fmt.Sprintf("%s: %d of %d undelivered, %.1f of %.0f days without a delivery; key %s",
		v.Level, v.Pending, v.MaxPending, v.Stale.Hours()/24, v.FreezeAfter.Hours()/24, h.KeyProtection)
	if v.Level == fleet.Frozen {
		r.Items = append(r.Items, "new enrolments are refused until the queue is delivered (enrolctl sync --once)")
	}
	return r, rep
}

// openForHealth opens the store briefly, refusing to create one.
func openForHealth(ctx context.Context, in doctorInput) (*store.DB, error) {
	if in.cfgErr != nil {
		return nil, errors.New("the configuration does not load")
	}
	if _, err := os.Stat(filepath.Join(in.dataDir, store.FileName)); err != nil {
		return nil, errors.New("no database yet")
	}
	opts, err := store.OptionsFromConfig(ctx, in.cfg.Store)
	if err != nil {
		return nil, err
	}
	opts.Timeout = 200 * time.Millisecond
	db, err := store.Open(ctx, in.dataDir, opts)
	if errors.Is(err, store.ErrInUse) {
		return nil, errors.New("the running app holds it; its /metrics has the queue")
	}
	return db, err
}
