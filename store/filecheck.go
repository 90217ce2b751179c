package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
)

// The layout of a bbolt file (go.etcd.io/bbolt internal/common, little endian on every
// platform this app runs on): every page starts with a 16-byte header (id uint64, flags
// uint16, count uint16, overflow uint32); pages 0 and 1 hold a meta each, right after
// the header: magic, version, page size, flags (uint32 each), the root bucket (root
// page id, sequence), the freelist page id, the high-water mark pgid, the txid and an
// FNV-64a checksum of the meta's bytes before it (uint64 each).
const (
	boltPageHeader   = 16
	boltMetaSize     = 64
	boltMetaSumEnd   = 56 // the checksum covers meta bytes [0, 56)
	boltMagic        = 0xED0CDAED
	boltVersion      = 2
	boltNoFreelist   = ^uint64(0)
	boltBranchFlag   = 0x01
	boltLeafFlag     = 0x02
	boltFreelistFlag = 0x10
	boltMinPageSize  = 1 << 10
	boltMaxPageSize  = 1 << 24
)

// boltMeta is one decoded meta page.
type boltMeta struct {
	pageSize uint32
	root     uint64 // page id of the root bucket
	freelist uint64 // page id of the freelist, or boltNoFreelist
	pgid     uint64 // high-water mark: pages [0, pgid) are in use
	txid     uint64
}

// checkFile checks that the bbolt file at path is whole before bbolt maps it: bbolt
// trusts the file and reads past the end of its mapping (a SIGSEGV or SIGBUS, not a
// panic that can be recovered) when a copy was cut short. It reads both meta pages
// (magic, version, page size, checksum), takes the valid one with the highest txid (as
// bbolt does), and checks that the file holds every page up to its high-water mark, with
// no hole where data must be, and that its root and freelist pages are in range and of
// the right kind. A missing or empty file passes: bbolt creates a new one. Every failure
// wraps ErrCorrupt and says what is wrong; the file is never changed.
func checkFile(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("open database %s: %w", path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("open database %s: %w", path, err)
	}
	if fi.Size() == 0 {
		return nil
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%w: %s is not a regular file", ErrCorrupt, path)
	}
	return checkBoltFile(f, fi.Size())
}

// checkBoltFile is checkFile on an open file of size bytes.
func checkBoltFile(f *os.File, size int64) error {
	m, err := pickMeta(f, size)
	if err != nil {
		return err
	}
	ps := int64(m.pageSize)
	if m.pgid < 2 {
		return fmt.Errorf("%w: its header names %d pages, fewer than its own two", ErrCorrupt, m.pgid)
	}
	if m.pgid > uint64(size/ps) {
		return fmt.Errorf("%w: the file is %d bytes but its header names %d pages of %d bytes: it was cut short, for example by an interrupted copy",
			ErrCorrupt, size, m.pgid, ps)
	}
	if err := checkHoles(f, int64(m.pgid)*ps, ps); err != nil {
		return err
	}
	if m.root < 2 || m.root >= m.pgid {
		return fmt.Errorf("%w: its root page %d is outside the file's %d pages", ErrCorrupt, m.root, m.pgid)
	}
	if err := checkPage(f, m, m.root, "root", boltBranchFlag|boltLeafFlag); err != nil {
		return err
	}
	if m.freelist == boltNoFreelist {
		return nil
	}
	if m.freelist < 2 || m.freelist >= m.pgid {
		return fmt.Errorf("%w: its freelist page %d is outside the file's %d pages", ErrCorrupt, m.freelist, m.pgid)
	}
	return checkFreelist(f, m)
}

// pickMeta reads the two meta pages and returns the valid one with the highest txid.
func pickMeta(f *os.File, size int64) (boltMeta, error) {
	m0, err0 := readBoltMeta(f, 0, size)
	ps := int64(m0.pageSize)
	if err0 != nil {
		ps = 0 // find page 1 the way bbolt does: at every possible page size
	}
	var m1 boltMeta
	err1 := errors.New("no second meta page")
	for sz := int64(boltMinPageSize); sz <= boltMaxPageSize && err1 != nil; sz *= 2 {
		if ps != 0 && sz != ps {
			continue
		}
		m1, err1 = readBoltMeta(f, sz, size)
		if err1 == nil && int64(m1.pageSize) != sz {
			err1 = fmt.Errorf("the second meta page names page size %d but sits at %d", m1.pageSize, sz)
		}
	}
	switch {
	case err0 != nil && err1 != nil:
		return boltMeta{}, fmt.Errorf("%w: neither header page is valid (%v; %v)", ErrCorrupt, err0, err1)
	case err0 != nil:
		return m1, nil
	case err1 != nil:
		return m0, nil
	case m1.pageSize != m0.pageSize:
		return boltMeta{}, fmt.Errorf("%w: its two header pages disagree on the page size (%d, %d)", ErrCorrupt, m0.pageSize, m1.pageSize)
	case m1.txid > m0.txid:
		return m1, nil
	}
	return m0, nil
}

// readBoltMeta reads and validates the meta of the page at offset off.
func readBoltMeta(f *os.File, off, size int64) (boltMeta, error) {
	var buf [boltPageHeader + boltMetaSize]byte
	if off+int64(len(buf)) > size {
		return boltMeta{}, fmt.Errorf("the file ends before the header page at %d", off)
	}
	if _, err := f.ReadAt(buf[:], off); err != nil {
		return boltMeta{}, fmt.Errorf("read the header page at %d: %w", off, err)
	}
	b := buf[boltPageHeader:]
	le := binary.LittleEndian
	m := boltMeta{pageSize: le.Uint32(b[8:]), root: le.Uint64(b[16:]), freelist: le.Uint64(b[32:]),
		pgid: le.Uint64(b[40:]), txid: le.Uint64(b[48:])}
	h := fnv.New64a()
	h.Write(b[:boltMetaSumEnd])
	switch {
	case le.Uint32(b[0:]) != boltMagic:
		return m, fmt.Errorf("the header page at %d is not a bbolt header", off)
	case le.Uint32(b[4:]) != boltVersion:
		return m, fmt.Errorf("the header page at %d has bbolt format version %d, not %d", off, le.Uint32(b[4:]), boltVersion)
	case le.Uint64(b[boltMetaSumEnd:]) != h.Sum64():
		return m, fmt.Errorf("the header page at %d fails its checksum", off)
	case m.pageSize < boltMinPageSize || m.pageSize > boltMaxPageSize || m.pageSize&(m.pageSize-1) != 0:
		return m, fmt.Errorf("the header page at %d names an impossible page size %d", off, m.pageSize)
	}
	return m, nil
}

// pageHeader reads the header of page id: its flags, element count and overflow.
func pageHeader(f *os.File, m boltMeta, id uint64) (flags, count uint16, overflow uint32, err error) {
	var b [boltPageHeader]byte
	if _, err := f.ReadAt(b[:], int64(id)*int64(m.pageSize)); err != nil {
		return 0, 0, 0, fmt.Errorf("%w: read page %d: %v", ErrCorrupt, id, err)
	}
	le := binary.LittleEndian
	if got := le.Uint64(b[0:]); got != id {
		return 0, 0, 0, fmt.Errorf("%w: page %d says it is page %d", ErrCorrupt, id, got)
	}
	return le.Uint16(b[8:]), le.Uint16(b[10:]), le.Uint32(b[12:]), nil
}

// checkPage checks that page id is one of the kinds in want and ends inside the file.
func checkPage(f *os.File, m boltMeta, id uint64, what string, want uint16) error {
	flags, _, overflow, err := pageHeader(f, m, id)
	if err != nil {
		return err
	}
	if flags&want == 0 {
		return fmt.Errorf("%w: its %s page %d has the wrong kind (flags %#x)", ErrCorrupt, what, id, flags)
	}
	if id+uint64(overflow) >= m.pgid {
		return fmt.Errorf("%w: its %s page %d runs past the file's %d pages", ErrCorrupt, what, id, m.pgid)
	}
	return nil
}

// checkFreelist checks the freelist page that bbolt reads at Open: its kind, that its
// ids fit in its pages, and that every free page id is inside the file.
func checkFreelist(f *os.File, m boltMeta) error {
	if err := checkPage(f, m, m.freelist, "freelist", boltFreelistFlag); err != nil {
		return err
	}
	_, count, overflow, _ := pageHeader(f, m, m.freelist)
	ps := int64(m.pageSize)
	start := int64(m.freelist)*ps + boltPageHeader
	end := (int64(m.freelist) + int64(overflow) + 1) * ps
	n := int64(count)
	if count == 0xFFFF { // the real count is the first element
		var b [8]byte
		if _, err := f.ReadAt(b[:], start); err != nil {
			return fmt.Errorf("%w: read the freelist: %v", ErrCorrupt, err)
		}
		n, start = int64(binary.LittleEndian.Uint64(b[:])), start+8
		if n < 0 || n > (end-start)/8 {
			return fmt.Errorf("%w: the freelist names %d free pages, more than its pages hold", ErrCorrupt, n)
		}
	}
	if start+n*8 > end {
		return fmt.Errorf("%w: the freelist names %d free pages, more than its pages hold", ErrCorrupt, n)
	}
	buf := make([]byte, 64<<10)
	for off, left := start, n*8; left > 0; {
		chunk := buf[:min(int64(len(buf)), left)]
		if _, err := f.ReadAt(chunk, off); err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("%w: read the freelist: %v", ErrCorrupt, err)
		}
		for i := 0; i+8 <= len(chunk); i += 8 {
			if id := binary.LittleEndian.Uint64(chunk[i:]); id < 2 || id >= m.pgid {
				return fmt.Errorf("%w: the freelist names page %d, outside the file's %d pages", ErrCorrupt, id, m.pgid)
			}
		}
		off += int64(len(chunk))
		left -= int64(len(chunk))
	}
	return nil
}
