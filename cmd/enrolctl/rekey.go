package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"

	"github.com/enrolkiosk/enrolkiosk/store"
)

const rekeyUsage = "usage: enrolctl rekey --to tpm|passphrase|file [--new-passphrase-env NAME]"

func rekeyCommand() command {
	return command{
		name:    "rekey",
		summary: "change how the device key is protected, or its passphrase: rekey --to tpm|passphrase|file [--new-passphrase-env NAME]",
		run:     runRekey,
	}
}

// runRekey re-wraps device.key; the current passphrase comes from store.passphrase, the
// new one from an environment variable (never the command line, which others can read).
func runRekey(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("rekey", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	to := fs.String("to", "", "tpm (sealed to this machine's TPM), passphrase (argon2id) or file (plain key file)")
	envName := fs.String("new-passphrase-env", "ENROLKIOSK_NEW_PASSPHRASE", "environment variable holding the new passphrase")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 || (*to != store.ProtectionPassphrase && *to != store.ProtectionFile && *to != store.ProtectionTPM) {
		return usageErr("%s", rekeyUsage)
	}
	var pass []byte
	if *to == store.ProtectionPassphrase {
		pass = []byte(os.Getenv(*envName))
		if len(pass) < 12 {
			return usageErr("the new passphrase (environment variable %s) must have at least 12 characters", *envName)
		}
	}
	cfg, _, err := e.loadConfig()
	if err != nil {
		return &exitError{code: exitConfig, err: err}
	}
	dir, err := e.resolveDataDir()
	if err != nil {
		return err
	}
	opts, err := store.OptionsFromConfig(ctx, cfg.Store)
	if err != nil {
		return &exitError{code: exitConfig, err: err}
	}
	opts.Logger = slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	if *to == store.ProtectionTPM && opts.OpenTPM == nil {
		if !store.HasTPM() {
			return fmt.Errorf("%w: there is no TPM at %s", store.ErrTPMRequired, store.DefaultTPMPath)
		}
		opts.OpenTPM = store.OpenTPM(store.DefaultTPMPath)
	}
	got, err := store.Rekey(ctx, dir, opts, *to, pass)
	if errors.Is(err, store.ErrPassphraseRequired) || errors.Is(err, store.ErrWrongPassphrase) {
		return fmt.Errorf("%w (store.passphrase must give the current passphrase)", err)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "device key now kept as %s\n", got)
	switch got {
	case store.ProtectionPassphrase:
		fmt.Fprintln(e.stdout, "point store.passphrase at the new passphrase (a credential reference) and set store.key_protection = \"passphrase\"")
	case store.ProtectionTPM:
		fmt.Fprintln(e.stdout, "the data dir now opens only on this machine: keep a passphrase-protected backup of the key (enrolctl rekey --to passphrase on a copy)")
	default:
		fmt.Fprintln(e.stdout, "warning: device key not protected; remove store.passphrase from the configuration")
	}
	return nil
}
