package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/enrolkiosk/enrolkiosk/store"
)

// checkStore opens the store briefly and reports the queue, or why it cannot be opened.
func checkStore(ctx context.Context, in doctorInput) checkResult {
	r := checkResult{Name: "store"}
	path := filepath.Join(in.dataDir, store.FileName)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		r.Status, r.Detail = statusWarn, "no database yet at "+path+" (the app creates it on first start)"
		return r
	}
	opts, err := store.OptionsFromConfig(ctx, in.cfg.Store)
	if err != nil {
		r.Status, r.Detail = statusFail, err.Error()
		return r
	}
	opts.Timeout = 200 * time.Millisecond
	db, err := store.Open(ctx, in.dataDir, opts)
	switch {
	case errors.Is(err, store.ErrInUse):
		r.Status, r.Detail = statusOK, path+" is open in the running app"
		return r
	case err != nil:
		r.Status, r.Detail = statusFail, err.Error()
		return r
	}
	defer db.Close()
	c := db.Counts()
	r.Status = statusOK
	r.Detail = fmt.Sprintf("%s: %d queued, %d sending, %d delivered, %d confirmed, %d held, %d rejected",
		path, c[store.Queued], c[store.Sending], c[store.Delivered], c[store.Confirmed], c[store.Held], c[store.Rejected])
	if c[store.Rejected] > 0 {
		r.Status = statusWarn
		r.Items = append(r.Items, fmt.Sprintf("%d rejected enrolments need the operator (enrolctl queue ls --state rejected)", c[store.Rejected]))
	}
	if db.KeyProtection() == store.ProtectionFile {
		r.Status = statusFail
		r.Items = append(r.Items, "device key not protected: "+store.KeyFileName+" is a plain file, so a copy of the data dir opens every enrolment (set store.passphrase and run enrolctl rekey --to passphrase)")
	}
	return r
}
