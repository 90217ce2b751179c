package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/store"
)

func verifyCommand() command {
	return command{
		name:    "verify",
		summary: "check the database, every evidence hash and the audit chain (exit 1 on any fault)",
		run:     runVerify,
	}
}

func runVerify(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	recoverDB := fs.Bool("recover", false, "move a damaged database aside (kept, renamed with a timestamp) and start a new one")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usageErr("verify takes no arguments")
	}
	open := e.openStoreReadOnly
	if *recoverDB {
		open = func(ctx context.Context) (*store.DB, config.Config, error) { return e.openStore(ctx, true) }
	}
	db, _, err := open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := db.Verify(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		if rep.Faults == nil {
			rep.Faults = []string{}
		}
		if err := printJSON(e.stdout, struct {
			OK bool `json:"ok"`
			store.Report
		}{rep.OK(), rep}); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(e.stdout, "%d enrolments, %d evidence blobs (%d bytes) read and hashed, %d audit entries checked\n",
			rep.Enrolments, rep.Evidence, rep.Bytes, rep.AuditEntries)
		for _, f := range rep.Faults {
			fmt.Fprintln(e.stdout, "FAULT", f)
		}
	}
	if !rep.OK() {
		return &exitError{code: exitProblem, err: fmt.Errorf("%d faults found in %s", len(rep.Faults), db.Path())}
	}
	if !*asJSON {
		fmt.Fprintln(e.stdout, "ok")
	}
	return nil
}
