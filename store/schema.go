package store

import (
	"bytes"
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Bucket names. Every value in them except meta's plain fields and the audit log is
// encrypted.
var (
	bucketMeta       = []byte("meta")       // schema, key source, key check, identity
	bucketKeys       = []byte("keys")       // enrolment id -> data key wrapped by the device key
	bucketEnrolments = []byte("enrolments") // enrolment id -> record (data key)
	bucketEvidence   = []byte("evidence")   // enrolment id -> bucket of "kind/00000001" -> chunk (data key)
	bucketOutbox     = []byte("outbox")     // enrolment id -> Entry (meta key)
	bucketAudit      = []byte("audit")      // seq (8 bytes, big endian) -> AuditEntry JSON
	bucketDrafts     = []byte("drafts")     // name -> draft (meta key)
	bucketValues     = []byte("values")     // name -> small secret (meta key)
)

// Keys inside the meta bucket.
var (
	metaSchema    = []byte("schema")
	metaKeySource = []byte("key_source")
	metaKeyCheck  = []byte("key_check")
	metaInstallID = []byte("installation_id")
	metaDevPriv   = []byte("device_ed25519")
	metaDevPub    = []byte("device_ed25519_pub")
)

// keyCheckPlain is sealed with the meta key to tell a wrong device key at Open.
var keyCheckPlain = []byte("enrolkiosk key check v1")

// migrations bring the file from schema version i to i+1; the schema version is the
// number applied. Append only: never edit a released migration.
var migrations = []func(*bolt.Tx) error{
	migrate1,
}

// SchemaVersion is the schema this build writes.
func SchemaVersion() int { return len(migrations) }

// migrate1 creates the first layout.
func migrate1(tx *bolt.Tx) error {
	for _, b := range [][]byte{bucketMeta, bucketKeys, bucketEnrolments, bucketEvidence, bucketOutbox, bucketAudit, bucketDrafts, bucketValues} {
		if _, err := tx.CreateBucketIfNotExists(b); err != nil {
			return fmt.Errorf("create bucket %s: %w", b, err)
		}
	}
	return nil
}

// metaInfo is what Open needs to know about a file before it has the key.
type metaInfo struct {
	fresh     bool // no Enrol Kiosk data yet
	schema    int
	keySource string
	keyCheck  []byte
}

// readMeta reads the plain header fields; a bolt file of someone else is ErrCorrupt.
func readMeta(bdb *bolt.DB) (metaInfo, error) {
	var info metaInfo
	err := bdb.View(func(tx *bolt.Tx) error {
		m := tx.Bucket(bucketMeta)
		if m == nil || m.Get(metaSchema) == nil {
			info.fresh = true
			return foreignCheck(tx)
		}
		v := m.Get(metaSchema)
		if len(v) != 8 {
			return fmt.Errorf("%w: schema version field is malformed", ErrCorrupt)
		}
		info.schema = int(binary.BigEndian.Uint64(v))
		info.keySource = string(m.Get(metaKeySource))
		info.keyCheck = bytes.Clone(m.Get(metaKeyCheck))
		return nil
	})
	return info, err
}

// foreignCheck refuses a bolt file holding buckets that are not ours.
func foreignCheck(tx *bolt.Tx) error {
	return tx.ForEach(func(name []byte, _ *bolt.Bucket) error {
		for _, b := range [][]byte{bucketMeta, bucketKeys, bucketEnrolments, bucketEvidence, bucketOutbox, bucketAudit, bucketDrafts, bucketValues} {
			if bytes.Equal(name, b) {
				return nil
			}
		}
		return fmt.Errorf("%w: it holds a bucket %q that Enrol Kiosk never writes", ErrCorrupt, name)
	})
}

// unlock finds the device key and checks that it opens this database.
func (d *DB) unlock(info metaInfo) error {
	if info.schema > SchemaVersion() {
		return fmt.Errorf("%w: %s has schema %d, this build knows up to %d (install the newer version)", ErrNewerSchema, d.path, info.schema, SchemaVersion())
	}
	if info.fresh && d.opts.ReadOnly {
		return fmt.Errorf("%w: %s holds no Enrol Kiosk data yet and was opened read-only (start the app once to create it)", ErrInvalid, d.path)
	}
	var key []byte
	var err error
	if info.fresh {
		key, info.keySource, err = createDeviceKey(d.dir, &d.opts)
	} else {
		key, err = loadDeviceKey(d.dir, info.keySource, &d.opts)
	}
	if err != nil {
		return err
	}
	if err := d.setKeys(key); err != nil {
		return err
	}
	if !info.fresh {
		if _, err := d.meta.open(info.keyCheck, ad("meta", "key_check")); err != nil {
			return fmt.Errorf("%w: %s (was the key file or keyring entry replaced? restore the original)", ErrWrongKey, d.path)
		}
	}
	d.keySource = info.keySource
	return nil
}

func (d *DB) setKeys(key []byte) error {
	var err error
	if d.dev, err = newCipherKey(subKey(key, "wrap")); err != nil {
		return err
	}
	if d.meta, err = newCipherKey(subKey(key, "meta")); err != nil {
		return err
	}
	d.auditKey = subKey(key, "audit")
	return nil
}

// migrate applies pending migrations and writes the header in one transaction.
func (d *DB) migrate(info metaInfo) error {
	if !info.fresh && info.schema == SchemaVersion() {
		return nil
	}
	if d.opts.ReadOnly {
		return fmt.Errorf("%w: %s has schema %d and needs a migration to %d, which a read-only open cannot do (run a command that changes the queue, or start the app, once)",
			ErrInvalid, d.path, info.schema, SchemaVersion())
	}
	err := d.bolt.Update(func(tx *bolt.Tx) error {
		for v := info.schema; v < SchemaVersion(); v++ {
			if err := migrations[v](tx); err != nil {
				return fmt.Errorf("migrate schema %d to %d: %w", v, v+1, err)
			}
		}
		m := tx.Bucket(bucketMeta)
		if info.fresh {
			if err := d.initMeta(tx, m); err != nil {
				return err
			}
		}
		return m.Put(metaSchema, binary.BigEndian.AppendUint64(nil, uint64(SchemaVersion())))
	})
	return classifyWriteErr(err)
}

// initMeta writes the header of a new database: key source and check, identity.
func (d *DB) initMeta(tx *bolt.Tx, m *bolt.Bucket) error {
	if err := m.Put(metaKeySource, []byte(d.keySource)); err != nil {
		return err
	}
	if err := m.Put(metaKeyCheck, d.meta.seal(keyCheckPlain, ad("meta", "key_check"))); err != nil {
		return err
	}
	if err := d.initIdentity(m); err != nil {
		return err
	}
	return d.appendAudit(tx, AuditEntry{Event: EventCreated, Detail: "schema " + fmt.Sprint(SchemaVersion()) + ", key in " + d.keySource})
}
