package main

import (
	"context"
	"crypto/ed25519"
	"flag"
	"fmt"
	"os"

	"github.com/enrolkiosk/enrolkiosk/store/manifest"
)

func verifyExportCommand() command {
	return command{
		name:    "verify-export",
		summary: "check an exported folder with the public key alone: verify-export DIR [--pubkey FILE]",
		run:     runVerifyExport,
	}
}

// runVerifyExport needs no database and no device key: only the folder and a public key.
func runVerifyExport(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("verify-export", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	pubFile := fs.String("pubkey", "", "PEM public key to check against, instead of the folder's device.pub.pem")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	if len(pos) != 1 {
		return usageErr("usage: enrolctl verify-export DIR [--pubkey FILE]")
	}
	var pub ed25519.PublicKey
	if *pubFile != "" {
		b, err := os.ReadFile(*pubFile)
		if err != nil {
			return &exitError{code: exitUsage, err: fmt.Errorf("--pubkey: %w", err)}
		}
		if pub, err = manifest.ParsePublicKeyPEM(b); err != nil {
			return &exitError{code: exitUsage, err: fmt.Errorf("--pubkey %s: %w", *pubFile, err)}
		}
	}
	rep, err := manifest.VerifyDir(pos[0], pub)
	if err != nil {
		return &exitError{code: exitProblem, err: err}
	}
	for _, f := range rep.Faults {
		fmt.Fprintln(e.stdout, "FAULT", f)
	}
	if !rep.OK() {
		return &exitError{code: exitProblem, err: fmt.Errorf("%d faults found in %s", len(rep.Faults), pos[0])}
	}
	fmt.Fprintf(e.stdout, "enrolment %s sealed %s on installation %s (device key %s): signature and %d files ok\n",
		rep.Manifest.EnrolmentID, rep.Manifest.SealedAt, rep.Manifest.InstallationID, rep.Manifest.DeviceKey, rep.Checked)
	return nil
}
