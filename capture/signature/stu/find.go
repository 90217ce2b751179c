package stu

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// VendorWacom is Wacom's USB vendor id.
const VendorWacom = 0x056a

// models are the STU pads by USB product id. Every one speaks the protocol of this
// package; the screen's size and colour depth are read from the pad itself.
var models = map[uint16]string{
	0x00a1: "STU-500",
	0x00a2: "STU-300",
	0x00a3: "STU-520",
	0x00a4: "STU-430",
	0x00a5: "STU-530",
	0x00a6: "STU-430V",
	0x00a7: "STU-540",
	0x00a8: "STU-541",
}

// Model returns the model name of a Wacom product id, and false when the id is not an
// STU pad.
func Model(product uint16) (string, bool) {
	m, ok := models[product]
	return m, ok
}

// Candidate is a connected STU pad found in sysfs.
type Candidate struct {
	// Path is the hidraw node, for example /dev/hidraw3.
	Path string
	// Model is the model by product id, for example "STU-540".
	Model string
	// ProductID is the USB product id.
	ProductID uint16
	// Name is the kernel's HID name.
	Name string
	// Serial is the USB serial (HID_UNIQ); often empty on these pads, whose electronic
	// serial is read from the pad itself (Info.Serial).
	Serial string
}

// Find lists the STU pads among the hidraw nodes described under sysRoot (normally
// "/sys"), in node order.
func Find(ctx context.Context, sysRoot string) ([]Candidate, error) {
	dirs, err := filepath.Glob(filepath.Join(sysRoot, "class", "hidraw", "hidraw*"))
	if err != nil {
		return nil, fmt.Errorf("list hidraw devices: %w", err)
	}
	sort.Slice(dirs, func(i, j int) bool { return nodeNumber(dirs[i]) < nodeNumber(dirs[j]) })
	var out []Candidate
	for _, dir := range dirs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		ev, err := readUevent(filepath.Join(dir, "device", "uevent"))
		if err != nil {
			continue
		}
		vendor, product, ok := parseHIDID(ev["HID_ID"])
		if !ok || vendor != VendorWacom {
			continue
		}
		model, ok := Model(product)
		if !ok {
			continue
		}
		out = append(out, Candidate{Path: "/dev/" + filepath.Base(dir), Model: model, ProductID: product,
			Name: ev["HID_NAME"], Serial: ev["HID_UNIQ"]})
	}
	return out, nil
}

func nodeNumber(dir string) int {
	n, err := strconv.Atoi(strings.TrimPrefix(filepath.Base(dir), "hidraw"))
	if err != nil {
		return 1 << 30
	}
	return n
}

func readUevent(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), "="); ok {
			out[k] = v
		}
	}
	return out, sc.Err()
}

// parseHIDID reads "BBBB:VVVVVVVV:PPPPPPPP" (bus, vendor, product in hex).
func parseHIDID(s string) (vendor, product uint16, ok bool) {
	parts := strings.Split(s, ":")
	if len(parts) != 3 {
		return 0, 0, false
	}
	v, err1 := strconv.ParseUint(parts[1], 16, 32)
	p, err2 := strconv.ParseUint(parts[2], 16, 32)
	if err1 != nil || err2 != nil || v > 0xffff || p > 0xffff {
		return 0, 0, false
	}
	return uint16(v), uint16(p), true
}
