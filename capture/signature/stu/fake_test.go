package stu_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/stu"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/stu/stutest"
)

func TestFind(t *testing.T) {
	cs, err := stu.Find(t.Context(), filepath.Join("testdata", "sys"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 2 {
		t.Fatalf("found %+v, want the STU-540 at hidraw2 and the STU-430 at hidraw10", cs)
	}
	if c := cs[0]; c.Path != "/dev/hidraw2" || c.Model != "STU-540" || c.Serial != "7Z00A00123" || c.ProductID != 0xa7 {
		t.Fatalf("first pad %+v", c)
	}
	if c := cs[1]; c.Path != "/dev/hidraw10" || c.Model != "STU-430" || c.Serial != "" {
		t.Fatalf("second pad %+v", c)
	}
}

func TestNew(t *testing.T) {
	p, err := stu.New(t.Context(), stutest.STU540(), "/dev/hidraw2", 0xa7, "")
	if err != nil {
		t.Fatal(err)
	}
	in, d := p.Info(), p.Device()
	if in.Model != "STU-540" || in.Serial != "7Z00A00123" || in.Firmware != "1.5" || !in.Color() {
		t.Fatalf("info %+v", in)
	}
	if d.Kind != signature.KindPad || d.Name != "Wacom STU-540" || d.SampleRate != 200 || d.Resolution != 100 ||
		d.XMax != 10800 || d.YMax != 6480 || !d.HasPressure || d.PressureMax != 1023 {
		t.Fatalf("device %+v", d)
	}
	// The STU-430 has no electronic serial: the USB serial is kept; its screen is 1-bit.
	p, err = stu.New(t.Context(), stutest.STU430(), "", 0xa4, "USB123")
	if err != nil {
		t.Fatal(err)
	}
	if in := p.Info(); in.Model != "STU-430" || in.Serial != "USB123" || in.Color() {
		t.Fatalf("info %+v", in)
	}
	broken := stutest.STU540()
	broken.Capability.ScreenWidth = 0
	if _, err := stu.New(t.Context(), broken, "", 0xa7, ""); err == nil {
		t.Fatal("a pad without a screen was accepted")
	}
}

// collect streams p in the background and returns the samples and the result.
func collect(t *testing.T, ctx context.Context, p *stu.Pad) (func() []signature.Sample, <-chan error) {
	t.Helper()
	var mu sync.Mutex
	var got []signature.Sample
	done := make(chan error, 1)
	go func() {
		done <- p.Stream(ctx, func(s signature.Sample) { mu.Lock(); got = append(got, s); mu.Unlock() })
	}()
	return func() []signature.Sample {
		mu.Lock()
		defer mu.Unlock()
		return append([]signature.Sample(nil), got...)
	}, done
}

// TestStreamUnplugged plays the recorded stream through the fake pad and unplugs it: every
// sample arrives, then Stream says the pad was disconnected.
func TestStreamUnplugged(t *testing.T) {
	f := stutest.STU540()
	p, err := stu.New(t.Context(), f, "/dev/hidraw2", 0xa7, "")
	if err != nil {
		t.Fatal(err)
	}
	rec, err := os.ReadFile(filepath.Join("testdata", "u1s1_stu540.reports"))
	if err != nil {
		t.Fatal(err)
	}
	var want []signature.Sample
	if err := stu.Decode(bytes.NewReader(rec), &stu.Decoder{}, func(s signature.Sample) { want = append(want, s) }); err != nil {
		t.Fatal(err)
	}
	got, done := collect(t, t.Context(), p)
	if err := f.SendStream(rec); err != nil {
		t.Fatal(err)
	}
	for f.Last(stu.ReportWritingMode) == nil {
		time.Sleep(time.Millisecond)
	}
	f.Unplug()
	err = <-done
	if !errors.Is(err, stu.ErrDisconnected) {
		t.Fatalf("Stream: %v, want ErrDisconnected", err)
	}
	if g := got(); len(g) != len(want) || g[len(g)-1] != want[len(want)-1] {
		t.Fatalf("%d samples, want %d", len(g), len(want))
	}
	if r, d := p.Counts(); r != len(want) || d != 0 {
		t.Fatalf("counts %d reports, %d dropped; want %d, 0", r, d, len(want))
	}
	if m := f.Last(stu.ReportWritingMode); !bytes.Equal(m, []byte{stu.ReportWritingMode, 1}) {
		t.Fatalf("writing mode %x, want time and sequence (1)", m)
	}
	if !f.Closed() {
		t.Fatal("the pad was left open")
	}
}

// TestStreamCancel ends the stream with its context: ink goes off, the screen is cleared
// and the pad is closed.
func TestStreamCancel(t *testing.T) {
	f := stutest.STU540()
	p, err := stu.New(t.Context(), f, "", 0xa7, "")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	_, done := collect(t, ctx, p)
	f.Send(stu.AppendPen(nil, stu.Pen{Proximity: true, X: 10, Y: 10, HasTime: true}))
	for f.Pending() > 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Stream: %v", err)
	}
	fs := f.Features()
	if n := len(fs); n < 2 || !bytes.Equal(fs[n-2], []byte{stu.ReportInkingMode, 0}) || !bytes.Equal(fs[n-1], []byte{stu.ReportClearScreen, 0}) {
		t.Fatalf("last feature reports %x, want ink off then clear", fs)
	}
	if !f.Closed() {
		t.Fatal("the pad was left open")
	}
}

// TestStreamPlainPad: a pad that refuses the writing mode still streams its 0x01 reports.
func TestStreamPlainPad(t *testing.T) {
	f := stutest.STU430()
	f.SetFeatureFunc = func(b []byte) error {
		if b[0] == stu.ReportWritingMode {
			return errors.New("broken pipe")
		}
		return nil
	}
	p, err := stu.New(t.Context(), f, "", 0xa4, "")
	if err != nil {
		t.Fatal(err)
	}
	f.Send(stu.AppendPen(nil, stu.Pen{Proximity: true, Switch: 1, Pressure: 300, X: 100, Y: 200}),
		stu.AppendPen(nil, stu.Pen{Proximity: true, X: 110, Y: 210}))
	f.Unplug()
	got, done := collect(t, t.Context(), p)
	if err := <-done; !errors.Is(err, stu.ErrDisconnected) {
		t.Fatal(err)
	}
	g := got()
	if len(g) != 2 || !g[0].Contact || g[0].Pressure != 300 || g[1].Contact || g[1].X != 110 {
		t.Fatalf("samples %+v", g)
	}
}

// TestShowPrompt uploads the prompt in the pad's own format and turns ink on in the box.
func TestShowPrompt(t *testing.T) {
	pr := stu.Prompt{Statement: "I, Ana Pérez, accept the terms (version 3).", Name: "Ana Pérez"}
	for _, c := range []struct {
		fake *stutest.Fake
		pid  uint16
		enc  byte
		size int
	}{{stutest.STU540(), 0xa7, stu.Encoding24BitBGR, 800 * 480 * 3}, {stutest.STU430(), 0xa4, stu.Encoding1Bit, 320 * 200 / 8}} {
		p, err := stu.New(t.Context(), c.fake, "", c.pid, "")
		if err != nil {
			t.Fatal(err)
		}
		if err := p.ShowPrompt(t.Context(), pr); err != nil {
			t.Fatal(err)
		}
		enc, data, ok := c.fake.LastImage()
		if !ok || enc != c.enc || len(data) != c.size {
			t.Fatalf("%s: image encoding %#x, %d bytes, want %#x and %d", p.Info().Model, enc, len(data), c.enc, c.size)
		}
		scr, err := stu.RenderPrompt(pr, int(c.fake.Capability.ScreenWidth), int(c.fake.Capability.ScreenHeight))
		if err != nil {
			t.Fatal(err)
		}
		want := stu.EncodeBGR24(scr.Image)
		if c.enc == stu.Encoding1Bit {
			want = stu.Encode1Bit(scr.Image)
		}
		if !bytes.Equal(data, want) {
			t.Fatalf("%s: the uploaded image is not the rendered prompt", p.Info().Model)
		}
		b := scr.Box
		area := []byte{stu.ReportWritingArea, byte(b.X0), byte(b.X0 >> 8), byte(b.Y0), byte(b.Y0 >> 8),
			byte(b.X1 - 1), byte((b.X1 - 1) >> 8), byte(b.Y1 - 1), byte((b.Y1 - 1) >> 8)}
		if got := c.fake.Last(stu.ReportWritingArea); !bytes.Equal(got, area) {
			t.Fatalf("writing area %x, want %x", got, area)
		}
		fs := c.fake.Features()
		if last := fs[len(fs)-1]; !bytes.Equal(last, []byte{stu.ReportInkingMode, 1}) {
			t.Fatalf("last report %x, want ink on", last)
		}
	}
}

// TestRedraw puts kept strokes back on the pad's screen: the image differs from the bare
// prompt only inside the box.
func TestRedraw(t *testing.T) {
	f := stutest.STU540()
	p, err := stu.New(t.Context(), f, "", 0xa7, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Redraw(t.Context(), signature.Signature{}); err != nil {
		t.Fatal(err) // nothing shown yet: nothing to do
	}
	if _, _, ok := f.LastImage(); ok {
		t.Fatal("Redraw before ShowPrompt uploaded an image")
	}
	pr := stu.Prompt{Statement: "I accept.", Name: "Ana"}
	if err := p.ShowPrompt(t.Context(), pr); err != nil {
		t.Fatal(err)
	}
	_, bare, _ := f.LastImage()
	var samples []signature.Sample
	for i := range 40 {
		samples = append(samples, signature.Sample{T: uint32(i * 5), X: int32(3000 + i*100), Y: int32(3500 + (i%5)*150), Pressure: 500, Contact: true, Proximity: true})
	}
	if err := p.Redraw(t.Context(), signature.Signature{Device: p.Device(), Samples: samples}); err != nil {
		t.Fatal(err)
	}
	_, inked, _ := f.LastImage()
	scr, _ := stu.RenderPrompt(pr, 800, 480)
	changed := 0
	for i := 0; i < len(bare); i += 3 {
		if bare[i] != inked[i] || bare[i+1] != inked[i+1] || bare[i+2] != inked[i+2] {
			x, y := uint16(i/3%800), uint16(i/3/800)
			if x < scr.Box.X0 || x >= scr.Box.X1 || y < scr.Box.Y0 || y >= scr.Box.Y1 {
				t.Fatalf("pixel %d,%d outside the box changed", x, y)
			}
			changed++
		}
	}
	if changed < 100 {
		t.Fatalf("only %d pixels inked", changed)
	}
}

func TestDescribe(t *testing.T) {
	c := stu.Candidate{Path: "/dev/hidraw2", Model: "STU-540", Serial: ""}
	if got := stu.Describe(c, stu.Info{}); got != "Wacom STU-540, no serial reported (/dev/hidraw2)" {
		t.Fatalf("from sysfs: %q", got)
	}
	p, err := stu.New(t.Context(), stutest.STU540(), c.Path, 0xa7, "")
	if err != nil {
		t.Fatal(err)
	}
	if got := stu.Describe(c, p.Info()); got != "Wacom STU-540, serial 7Z00A00123, firmware 1.5 (/dev/hidraw2)" {
		t.Fatalf("from the pad: %q", got)
	}
	// A node that is not there cannot be probed: the error is kept, sysfs still describes it.
	got := stu.Probe(t.Context(), []stu.Candidate{{Path: "/dev/hidraw-missing", Model: "STU-430"}})
	if len(got) != 1 || got[0].Err == nil || stu.Describe(got[0].Candidate, got[0].Info) != "Wacom STU-430, no serial reported (/dev/hidraw-missing)" {
		t.Fatalf("probe %+v", got)
	}
}

// TestUdevRuleCoversEveryModel reads the udev rule shipped in the release package: every
// product id Find accepts must get the kiosk user's access.
func TestUdevRuleCoversEveryModel(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "assets", "udev", "60-enrolkiosk-stu.rules"))
	if err != nil {
		t.Fatal(err)
	}
	for id := uint16(0); id < 0x100; id++ {
		model, ok := stu.Model(id)
		if !ok {
			continue
		}
		line := fmt.Sprintf(`SUBSYSTEM=="hidraw", ATTRS{idVendor}=="056a", ATTRS{idProduct}=="%04x", MODE="0660"`, id)
		if !bytes.Contains(b, []byte(line)) {
			t.Errorf("the udev rule does not cover the %s (%04x)", model, id)
		}
	}
}

// TestStreamCountsGap plays the stream that lacks one report through the pad.
func TestStreamCountsGap(t *testing.T) {
	f := stutest.STU540()
	p, err := stu.New(t.Context(), f, "", 0xa7, "")
	if err != nil {
		t.Fatal(err)
	}
	rec, err := os.ReadFile(filepath.Join("testdata", "u1s1_gap.reports"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SendStream(rec); err != nil {
		t.Fatal(err)
	}
	_, done := collect(t, t.Context(), p)
	for f.Pending() > 0 {
		time.Sleep(time.Millisecond)
	}
	f.Unplug()
	<-done
	if r, d := p.Counts(); r != len(rec)/11 || d != 1 {
		t.Fatalf("%d reports, %d dropped; want %d and 1", r, d, len(rec)/11)
	}
}
