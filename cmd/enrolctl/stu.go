package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/enrolkiosk/enrolkiosk/capture/signature/stu"
)

// padOpener opens a Wacom STU pad by its hidraw node (stu.Open; tests pass a fake).
type padOpener func(ctx context.Context, path string) (*stu.Pad, error)

// checkSTU is the doctor's signature check for signature.source "stu" or
// "stu:/dev/hidrawN": the pad must open; it is listed by model and serial with its
// ranges and rate, and the other pads found are listed too.
func checkSTU(ctx context.Context, src, sysRoot string, open padOpener) checkResult {
	r := checkResult{Name: "signature"}
	found, err := stu.Find(ctx, sysRoot)
	if err != nil {
		r.Status, r.Detail = statusFail, err.Error()
		return r
	}
	path := strings.TrimPrefix(strings.TrimPrefix(src, "stu"), ":")
	if path == "" {
		if len(found) == 0 {
			r.Status, r.Detail = statusFail, stu.ErrNoPad.Error()
			return r
		}
		path = found[0].Path
	}
	p, err := open(ctx, path)
	if err != nil {
		r.Status, r.Detail = statusFail, err.Error()
		return r
	}
	defer p.Close()
	in, d := p.Info(), p.Device()
	c := stu.Candidate{Path: path, Model: in.Model}
	for _, f := range found {
		if f.Path == path {
			c = f
		} else {
			r.Items = append(r.Items, "also connected: "+stu.Describe(f, stu.Info{}))
		}
	}
	screen := "monochrome"
	if in.Color() {
		screen = "colour"
	}
	r.Status = statusOK
	r.Detail = fmt.Sprintf("%s: X 0..%d, Y 0..%d, pressure max %d, %.0f Hz, screen %dx%d %s",
		stu.Describe(c, in), d.XMax, d.YMax, d.PressureMax, d.SampleRate, in.Capability.ScreenWidth, in.Capability.ScreenHeight, screen)
	return r
}

// stuHint lists the STU pads connected while another source is configured.
func stuHint(ctx context.Context, sysRoot string, r *checkResult) {
	cs, err := stu.Find(ctx, sysRoot)
	if err != nil || len(cs) == 0 {
		return
	}
	r.Detail += fmt.Sprintf("; %d Wacom STU signature pad(s) found: set signature.source = \"stu\" to use one", len(cs))
	for _, c := range cs {
		r.Items = append(r.Items, stu.Describe(c, stu.Info{}))
	}
}
