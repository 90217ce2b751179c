package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/enrolkiosk/enrolkiosk/store"
)

func compactCommand() command {
	return command{
		name:    "compact",
		summary: "rewrite the database without free pages when they pass store.compact_free_ratio",
		run:     runCompact,
	}
}

func runCompact(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("compact", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	force := fs.Bool("force", false, "compact whatever the share of free pages")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usageErr("compact takes no arguments")
	}
	db, cfg, err := e.openStore(ctx, false)
	if err != nil {
		return err
	}
	defer db.Close()
	ratio := cfg.Store.CompactFreeRatio
	if *force {
		ratio = 0
	}
	return compactAndReport(ctx, e, db, ratio)
}

// compactAndReport compacts when the free share reaches ratio and says what happened.
func compactAndReport(ctx context.Context, e *env, db *store.DB, ratio float64) error {
	rep, err := db.Compact(ctx, ratio)
	if err != nil {
		return err
	}
	printCompact(e, rep, ratio)
	return nil
}

// printCompact says what a compaction did.
func printCompact(e *env, rep store.CompactReport, ratio float64) {
	if rep.Skipped {
		fmt.Fprintf(e.stdout, "not compacted: %.0f%% free, threshold %.0f%% (%d KiB)\n", rep.FreeRatio*100, ratio*100, rep.Before>>10)
		return
	}
	fmt.Fprintf(e.stdout, "compacted: %d KiB -> %d KiB (%.0f%% was free)\n", rep.Before>>10, rep.After>>10, rep.FreeRatio*100)
}
