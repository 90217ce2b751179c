package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/enrolkiosk/enrolkiosk/store/manifest"
)

func exportCommand() command {
	return command{
		name:    "export",
		summary: "write an enrolment's evidence with its signed manifest: export ID --out DIR",
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
	// An export is audited, so the database is opened for writing, unless its file is
	// read-only (0400: a copy under inspection), which is then left unchanged.
	db, _, err := e.openStoreMode(ctx, false, e.dbFileReadOnly())
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
	for _, it := range m.Items {
		fmt.Fprintf(e.stdout, "%s  %s\n", it.SHA256, it.File)
	}
	fmt.Fprintf(e.stdout, "wrote %d files and %s, %s, %s to %s\n", len(m.Items), manifest.FileName, manifest.SigName, manifest.PubKeyName, *out)
	if db.ReadOnly() {
		fmt.Fprintln(e.stderr, "note: the export is not in the audit log: the database file is read-only")
	}
	return nil
}
