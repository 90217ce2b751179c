package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/store"
)

// maintainEvery is how often the app applies the retention period while it runs.
const maintainEvery = 24 * time.Hour

// maintainer is what retention needs of the store; *store.DB implements it.
type maintainer interface {
	Maintain(ctx context.Context, retention time.Duration, minFreeRatio float64) (store.PurgeReport, store.CompactReport, error)
}

var _ maintainer = (*store.DB)(nil)

// maintain applies the retention period (store.retention) and compacts the file when it
// is mostly free (store.compact_free_ratio): once at start, then every interval until
// ctx ends. Failures are logged and tried again the next time; the queue keeps working.
// Cancelling ctx (SIGTERM, the window closed) stops a purge or compaction under way at
// once (store.DB.Maintain), so that shutdown does not wait for it.
func maintain(ctx context.Context, db maintainer, cfg config.Store, interval time.Duration, logger *slog.Logger) {
	once := func() {
		pr, cr, err := db.Maintain(ctx, cfg.Retention.Duration, cfg.CompactFreeRatio)
		if err != nil {
			if ctx.Err() != nil {
				logger.Info("retention stopped: the app is stopping (it runs again at the next start)", "purged", len(pr.Purged))
				return
			}
			logger.Warn("retention: purge or compaction failed; tried again later", "err", err)
			return
		}
		logger.Info("retention", "purged", len(pr.Purged), "kept_confirmed", pr.Waiting, "unconfirmed", pr.Unconfirmed,
			"compacted", !cr.Skipped, "bytes_before", cr.Before, "bytes_after", cr.After)
	}
	once()
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			once()
		}
	}
}
