package webmfile

import (
	"errors"
	"fmt"
	"math/bits"

	"github.com/at-wat/ebml-go"
)

// maxEBMLDepth bounds nesting; WebM files nest six levels at most.
const maxEBMLDepth = 16

// masterIDs returns the EBML ids that hold other elements, from ebml-go's own table,
// so the check below descends exactly where its decoder does.
func masterIDs() map[uint64]bool {
	m := map[uint64]bool{}
	for i := ebml.ElementInvalid + 1; i < 1024; i++ {
		b := i.Bytes()
		if len(b) == 0 || i.DataType() != ebml.DataTypeMaster {
			continue
		}
		var id uint64
		for _, c := range b {
			id = id<<8 | uint64(c)
		}
		m[id] = true
	}
	return m
}

// checkEBMLSizes walks the element tree of data and refuses any element that declares
// more bytes than the file has left. ebml-go allocates what an element declares before
// reading it, so a few crafted bytes could otherwise ask for terabytes.
func checkEBMLSizes(data []byte) error {
	return walkEBML(data, masterIDs(), 0)
}

func walkEBML(b []byte, masters map[uint64]bool, depth int) error {
	if depth > maxEBMLDepth {
		return errors.New("elements nested too deep")
	}
	for pos := 0; pos < len(b); {
		id, n, err := readVint(b[pos:], false)
		if err != nil {
			return err
		}
		size, m, err := readVint(b[pos+n:], true)
		if err != nil {
			return err
		}
		pos += n + m
		end := len(b)
		switch unknown := size == 1<<(7*m)-1; {
		case unknown && !masters[id]:
			return fmt.Errorf("element %#x has no size", id)
		case !unknown && size > uint64(len(b)-pos):
			return fmt.Errorf("element %#x declares %d bytes but %d are left", id, size, len(b)-pos)
		case !unknown:
			end = pos + int(size)
		}
		if masters[id] {
			if err := walkEBML(b[pos:end], masters, depth+1); err != nil {
				return err
			}
		}
		pos = end
	}
	return nil
}

// readVint reads an EBML variable-length integer; for a size the length marker bit is
// removed, for an id it is kept.
func readVint(b []byte, isSize bool) (v uint64, n int, err error) {
	if len(b) == 0 || b[0] == 0 {
		return 0, 0, errors.New("malformed element header")
	}
	n = bits.LeadingZeros8(b[0]) + 1
	if n > 8 || n > len(b) {
		return 0, 0, errors.New("element header runs past the end")
	}
	if isSize {
		v = uint64(b[0]) & (0xFF >> n)
	} else {
		v = uint64(b[0])
	}
	for _, c := range b[1:n] {
		v = v<<8 | uint64(c)
	}
	return v, n, nil
}
