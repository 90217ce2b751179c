package stu

import (
	"context"
	"fmt"
)

// Open opens the STU pad at the hidraw node path and reads its description. path ""
// picks the first pad Find reports under /sys.
func Open(ctx context.Context, path string) (*Pad, error) {
	if path == "" {
		cs, err := Find(ctx, "/sys")
		if err != nil {
			return nil, err
		}
		if len(cs) == 0 {
			return nil, ErrNoPad
		}
		path = cs[0].Path
	}
	h, err := openHidraw(path)
	if err != nil {
		return nil, fmt.Errorf("open signature pad %s: %w (is the udev rule for Wacom STU pads installed? see docs/signature.md)", path, err)
	}
	vendor, product, _, uniq, err := h.rawInfo()
	if err != nil {
		h.Close()
		return nil, fmt.Errorf("signature pad %s: %w", path, err)
	}
	if _, ok := Model(product); vendor != VendorWacom || !ok {
		h.Close()
		return nil, fmt.Errorf("%s (USB %04x:%04x): %w", path, vendor, product, ErrNotSTU)
	}
	p, err := New(ctx, h, path, product, uniq)
	if err != nil {
		h.Close()
		return nil, fmt.Errorf("signature pad %s: %w", path, err)
	}
	return p, nil
}
