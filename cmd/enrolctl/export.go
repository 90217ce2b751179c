package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/enrolkiosk/enrolkiosk/store"
)

func exportCommand() command {
	return command{
		name:    "export",
		summary: "write an enrolment's evidence and a SHA-256 manifest: export ID --out DIR",
		run:     runExport,
	}
}

func runExport(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	out := fs.String("out", "", "directory to write into (created 0700; holds personal data)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	if len(pos) != 1 || *out == "" {
		return usageErr("usage: enrolctl export ID --out DIR")
	}
	db, _, err := e.openStoreReadOnly(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	id, err := resolveID(ctx, db, pos[0])
	if err != nil {
		return err
	}
	m, err := db.Export(ctx, id, *out)
	if err != nil {
		return err
	}
	for _, f := range m.Files {
		fmt.Fprintf(e.stdout, "%s  %s\n", f.SHA256, f.Name)
	}
	fmt.Fprintf(e.stdout, "wrote %d files and %s to %s\n", len(m.Files), store.ManifestName, *out)
	return nil
}
