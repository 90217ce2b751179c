package store

import (
	"context"
	"fmt"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/enrolkiosk/enrolkiosk/internal/durable"
)

// compactSuffix names the compact copy being written beside the database.
const compactSuffix = ".compact"

// DefaultCompactFreePages is the number of free pages at which Compact rewrites the file
// whatever its free ratio, when Options.CompactFreePages is 0: 64 Ki pages, 256 MiB with 4 KiB pages. bbolt keeps its free
// list in memory and rewrites and merges it on every commit, so a list of a million
// pages (a purge of thousands of enrolments whose compaction was cut short) costs
// hundreds of MB of heap a commit while the queue drains.
const DefaultCompactFreePages = 64 << 10

// CompactReport says what Compact did.
type CompactReport struct {
	// FreeRatio is the share of the file's pages that were free before.
	FreeRatio float64
	// FreePages is the number of free (and pending) pages before.
	FreePages int
	// Before and After are the file sizes in bytes; After is Before when skipped.
	Before, After int64
	// Skipped is true when FreeRatio was below the threshold and FreePages below
	// Options.CompactFreePages.
	Skipped bool
}

// FreeRatio returns the share of the file's pages that are free (0..1).
func (d *DB) FreeRatio(ctx context.Context) (float64, error) {
	ratio, _, err := d.freeSpace(ctx)
	return ratio, err
}

// freeSpace returns the share of the file's pages that are free and their number.
func (d *DB) freeSpace(ctx context.Context) (ratio float64, free int, err error) {
	err = d.view(ctx, func(tx *bolt.Tx) error {
		st := d.bolt.Stats()
		free = st.FreePageN + st.PendingPageN
		if pages := tx.Size() / int64(d.bolt.Info().PageSize); pages > 0 {
			ratio = float64(free) / float64(pages)
		}
		return nil
	})
	return ratio, free, err
}

// Compact rewrites the file without its free pages when at least minFreeRatio of it is
// free (0 compacts always) or when it has Options.CompactFreePages free pages or more. The copy is written and fsynced beside the file, then renamed
// over it: a crash leaves either the old file or the new one. Other calls wait meanwhile.
// Cancelling ctx stops the copy within one key: the partial copy is removed, the live
// file is left as it was, and the error wraps ctx.Err().
func (d *DB) Compact(ctx context.Context, minFreeRatio float64) (CompactReport, error) {
	var rep CompactReport
	var err error
	if rep.FreeRatio, rep.FreePages, err = d.freeSpace(ctx); err != nil {
		return rep, err
	}
	rep.Before = fileSize(d.path)
	if rep.FreeRatio < minFreeRatio && rep.FreePages < d.opts.CompactFreePages {
		rep.Skipped, rep.After = true, rep.Before
		return rep, nil
	}
	if err := d.swapCompacted(ctx); err != nil {
		return rep, err
	}
	rep.After = fileSize(d.path)
	err = d.update(ctx, func(tx *bolt.Tx) error {
		return d.appendAudit(tx, AuditEntry{Event: EventCompacted, Detail: fmt.Sprintf("%d -> %d bytes", rep.Before, rep.After)})
	})
	d.log.Info("database compacted", "before", rep.Before, "after", rep.After)
	return rep, err
}

// swapCompacted copies the live file into a compact one and puts it in its place.
func (d *DB) swapCompacted(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	d.boltMu.Lock()
	defer d.boltMu.Unlock()
	if d.bolt == nil {
		return ErrClosed
	}
	tmp := d.path + compactSuffix
	os.Remove(tmp)
	if err := compactInto(ctx, d.bolt, tmp); err != nil {
		os.Remove(tmp)
		if ctx.Err() != nil {
			return fmt.Errorf("compaction stopped before it finished (the app is stopping); the partial copy was removed and the database is unchanged: %w", ctx.Err())
		}
		if isDiskFull(err) {
			return fmt.Errorf("%w to compact: the compact copy %s needs up to the database's size in free space; the copy was removed and the database is unchanged (free some space and compact again): %w",
				ErrDiskFull, tmp, err)
		}
		return fmt.Errorf("compact into %s: %w", tmp, err)
	}
	if err := d.bolt.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("close database for compaction: %w", err)
	}
	d.bolt = nil
	swapErr := durable.Rename(tmp, d.path)
	if swapErr != nil {
		os.Remove(tmp)
		swapErr = fmt.Errorf("replace database with its compact copy (the old file is kept): %w", swapErr)
	} else {
		swapErr = durable.SyncDir(d.dir)
	}
	bdb, err := bolt.Open(d.path, 0o600, &bolt.Options{Timeout: d.opts.Timeout})
	if err != nil {
		return fmt.Errorf("reopen database after compaction (restart the app): %w", err)
	}
	d.bolt = bdb
	return swapErr
}

// compactInto writes a compact copy of src to path and fsyncs it; a cancelled ctx stops
// it within one key. The copy's transactions are not synced one by one: the file is
// synced once at the end, before anything renames it over the live one.
func compactInto(ctx context.Context, src *bolt.DB, path string) error {
	dst, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, NoSync: true})
	if err != nil {
		return err
	}
	if err := copyCompact(ctx, dst, src, 8<<20); err != nil {
		dst.Close()
		return err
	}
	if err := dst.Sync(); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}

func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}
