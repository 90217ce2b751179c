package evdev

import (
	"context"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Candidate is an input device that looks like a pen tablet.
type Candidate struct {
	// Path is the device node, for example /dev/input/event5.
	Path string
	// Name is the kernel's name for the device.
	Name string
}

// Find lists the pen tablets among the input devices described under sysRoot (normally
// "/sys"): devices with absolute X, Y and pressure axes and a pen tool button.
func Find(ctx context.Context, sysRoot string) ([]Candidate, error) {
	dirs, err := filepath.Glob(filepath.Join(sysRoot, "class", "input", "event*"))
	if err != nil {
		return nil, fmt.Errorf("list input devices: %w", err)
	}
	sort.Strings(dirs)
	var out []Candidate
	for _, dir := range dirs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		abs, err1 := readBits(filepath.Join(dir, "device", "capabilities", "abs"))
		key, err2 := readBits(filepath.Join(dir, "device", "capabilities", "key"))
		if err1 != nil || err2 != nil {
			continue
		}
		if abs.Bit(absX) == 0 || abs.Bit(absY) == 0 || abs.Bit(absPressure) == 0 || key.Bit(btnToolPen) == 0 {
			continue
		}
		name, _ := os.ReadFile(filepath.Join(dir, "device", "name"))
		out = append(out, Candidate{Path: "/dev/input/" + filepath.Base(dir), Name: strings.TrimSpace(string(name))})
	}
	return out, nil
}

// readBits parses a sysfs capability bitmap: hex words, most significant first.
func readBits(path string) (*big.Int, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	words := strings.Fields(string(b))
	n := new(big.Int)
	for _, w := range words {
		if len(w) > 16 {
			return nil, fmt.Errorf("%s: word %q is longer than 64 bits", path, w)
		}
		v, ok := new(big.Int).SetString(w, 16)
		if !ok {
			return nil, fmt.Errorf("%s: %q is not hexadecimal", path, w)
		}
		n.Lsh(n, 64).Or(n, v)
	}
	return n, nil
}
