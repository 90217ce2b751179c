package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/enrolkiosk/enrolkiosk/internal/durable"
)

// FileName is the database file inside the data dir.
const FileName = "enrolkiosk.db"

// DB is an open store. Its methods are safe for concurrent use.
type DB struct {
	dir, path string
	opts      Options
	log       *slog.Logger
	lock      *os.File

	boltMu sync.RWMutex // write-locked only while Compact swaps the file
	bolt   *bolt.DB
	closed bool

	dev      cipherKey // wraps data keys
	meta     cipherKey // outbox, drafts, values, identity
	auditKey []byte

	draftMu sync.Mutex // guards the draft key file

	chunkBufs chunkBuffers // memory of sealed chunks, reused from one seal to the next

	recovered string // file moved aside by Options.Recover, if any
	keySource string // where the device key is kept

	mu     sync.Mutex // guards counts, states and watchers
	counts map[State]int
	states map[string]State // id -> state of every outbox entry, so List decrypts only what it returns
	index  map[string]Meta  // id -> metadata of every outbox entry (Index)
	// unreadable holds the outbox entries that failed their integrity check (at Open or in
	// a List since): List reads them again whatever its filter, and reports them.
	unreadable map[string]bool
	done       chan struct{} // closed by Close: ends Watch goroutines
	watchers   map[*watcher]struct{}
}

// Open opens (or creates) the store in dir. It fails with ErrInUse when another process
// has dir open, ErrCorrupt for a damaged or foreign file (unless opts.Recover), and
// ErrKeyMissing, ErrWrongKey, ErrPassphraseRequired or ErrWrongPassphrase when the device
// key cannot open the database; in all those cases the database file is not changed.
func Open(ctx context.Context, dir string, opts Options) (*DB, error) {
	opts = opts.withDefaults()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create data dir %s: %w", dir, err)
	}
	lock, err := lockDir(ctx, dir, opts.Timeout, opts.ReadOnly)
	if err != nil {
		return nil, err
	}
	d := &DB{dir: dir, path: filepath.Join(dir, FileName), opts: opts, log: opts.Logger, lock: lock,
		watchers: map[*watcher]struct{}{}, done: make(chan struct{})}
	if !opts.ReadOnly {
		os.Remove(d.path + compactSuffix) // left by a compaction that crashed; the original is intact
	}
	if err := d.openGuarded(ctx); err != nil {
		lock.Close()
		return nil, err
	}
	if err := d.checkProtection(); err != nil {
		d.Close()
		return nil, err
	}
	if err := d.pruneDraftKeys(ctx); err != nil {
		d.log.Warn("draft keys of deleted drafts not destroyed", "err", err)
	}
	return d, nil
}

// damagedAdvice is what an operator is told about a damaged file that was left alone.
const damagedAdvice = "it was left as it is: to keep it aside and start a new database, accept recovery in the app or run enrolctl verify --recover"

// openGuarded is open with a fault in the mapped file (a page bbolt trusts that points
// outside the file) turned into ErrCorrupt instead of killing the process.
func (d *DB) openGuarded(ctx context.Context) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			if d.bolt != nil {
				d.bolt.Close()
				d.bolt = nil
			}
			err = fmt.Errorf("%s: %w: %v (%s)", d.path, ErrCorrupt, r, damagedAdvice)
		}
	}()
	return d.open(ctx)
}

// open opens the bolt file, loads the device key and migrates the schema.
func (d *DB) open(ctx context.Context) error {
	bdb, info, err := d.openBolt(ctx)
	if err != nil {
		return err
	}
	d.bolt = bdb
	if err := d.unlock(info); err != nil {
		bdb.Close()
		return err
	}
	if err := d.migrate(info); err != nil {
		bdb.Close()
		return err
	}
	if err := d.loadCounts(ctx); err != nil {
		bdb.Close()
		return err
	}
	return nil
}

// openBolt opens the file and reads its header, moving a bad file aside when allowed.
func (d *DB) openBolt(ctx context.Context) (*bolt.DB, metaInfo, error) {
	bdb, info, err := openFile(d.path, d.opts)
	if err == nil || !errors.Is(err, ErrCorrupt) {
		return bdb, info, err
	}
	if !d.opts.Recover || d.opts.ReadOnly {
		return nil, info, fmt.Errorf("%s: %w (%s)", d.path, err, damagedAdvice)
	}
	aside := d.path + ".corrupt-" + d.opts.Now().UTC().Format("20060102T150405Z")
	if err := durable.Rename(d.path, aside); err != nil {
		return nil, info, fmt.Errorf("move damaged database %s aside: %w", d.path, err)
	}
	if err := durable.SyncDir(d.dir); err != nil {
		return nil, info, err
	}
	d.recovered = aside
	d.log.Warn("damaged database moved aside; starting a new one", "path", aside, "err", err)
	return openFile(d.path, d.opts)
}

// openFile checks that the file at path is whole (see checkFile), then opens it with
// bolt and classifies failures; bolt may panic on garbage.
func openFile(path string, opts Options) (bdb *bolt.DB, info metaInfo, err error) {
	if err := checkFile(path); err != nil {
		return nil, info, err
	}
	defer func() {
		if r := recover(); r != nil {
			bdb, err = nil, fmt.Errorf("%w: %v", ErrCorrupt, r)
		}
	}()
	bdb, err = bolt.Open(path, 0o600, &bolt.Options{Timeout: opts.Timeout, ReadOnly: opts.ReadOnly})
	if err != nil {
		if isCorruption(err) {
			return nil, info, fmt.Errorf("%w: %v", ErrCorrupt, err)
		}
		return nil, info, fmt.Errorf("open database %s: %w", path, err)
	}
	info, err = readMeta(bdb)
	if err != nil {
		bdb.Close()
		return nil, info, err
	}
	return bdb, info, nil
}

// Dir returns the data dir.
func (d *DB) Dir() string { return d.dir }

// Path returns the database file's path.
func (d *DB) Path() string { return d.path }

// Recovered returns the path a damaged database was moved to during Open, or "".
func (d *DB) Recovered() string { return d.recovered }

// Close closes the database and releases the data dir. Watch channels are closed.
// Calling it again does nothing.
func (d *DB) Close() error {
	d.boltMu.Lock()
	defer d.boltMu.Unlock()
	if d.closed {
		return nil
	}
	d.closed = true
	var err error
	if d.bolt != nil { // nil only if a compaction could not reopen the file
		err = d.bolt.Close()
		d.bolt = nil
	}
	close(d.done)
	d.closeWatchers()
	if lerr := d.lock.Close(); err == nil && lerr != nil {
		err = lerr
	}
	if err != nil {
		return fmt.Errorf("close database %s: %w", d.path, err)
	}
	return nil
}

// view runs fn in a read transaction.
func (d *DB) view(ctx context.Context, fn func(*bolt.Tx) error) error {
	return d.withBolt(ctx, func(b *bolt.DB) error { return b.View(fn) })
}

// update runs fn in a write transaction; a full disk is reported as ErrDiskFull.
func (d *DB) update(ctx context.Context, fn func(*bolt.Tx) error) error {
	return d.withBolt(ctx, func(b *bolt.DB) error { return classifyWriteErr(b.Update(fn)) })
}

// withBolt runs fn on the open bolt file, unless ctx has ended or the store is closed;
// Compact cannot swap the file meanwhile.
func (d *DB) withBolt(ctx context.Context, fn func(*bolt.DB) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	d.boltMu.RLock()
	defer d.boltMu.RUnlock()
	if d.bolt == nil {
		return ErrClosed
	}
	return fn(d.bolt)
}

func (d *DB) now() time.Time { return d.opts.Now().UTC() }
