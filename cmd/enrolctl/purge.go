package main

import (
	"context"
	"flag"
	"fmt"
	"time"
)

func purgeCommand() command {
	return command{
		name:    "purge",
		summary: "delete evidence of enrolments confirmed longer ago than store.retention, then compact",
		run:     runPurge,
	}
}

func runPurge(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("purge", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	retention := fs.Duration("retention", -1, "keep confirmed evidence this long (default: store.retention)")
	noCompact := fs.Bool("no-compact", false, "skip the free-ratio compaction (a purge that deleted something always compacts: deleted means gone)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usageErr("purge takes no arguments")
	}
	db, cfg, err := e.openStore(ctx, false)
	if err != nil {
		return err
	}
	defer db.Close()
	keep := cfg.Store.Retention.Duration
	if *retention >= 0 {
		keep = *retention
	}
	ratio := cfg.Store.CompactFreeRatio
	if *noCompact {
		ratio = 2 // above any possible share: never compacts
	}
	rep, crep, err := db.Maintain(ctx, keep, ratio)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "purged %d; kept %d confirmed within %v and %d not yet confirmed\n",
		len(rep.Purged), rep.Waiting, keep.Round(time.Second), rep.Unconfirmed)
	if !*noCompact {
		printCompact(e, crep, ratio)
	}
	return nil
}
