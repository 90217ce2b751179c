package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"image/png"
	"io"
	"os"
	"strings"

	"github.com/enrolkiosk/enrolkiosk/capture/signature"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/biodata"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/evdev"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/iso19794"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/plot"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/replay"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/stu"
	"github.com/enrolkiosk/enrolkiosk/internal/durable"
)

const signatureUsage = "usage: enrolctl signature inspect FILE [--json] [--png OUT] [--plot OUT]\n" +
	"       enrolctl signature encode FILE --out OUT"

func signatureCommand() command {
	return command{
		name:    "signature",
		summary: "review or convert a handwritten signature: signature inspect|encode FILE",
		run:     runSignature,
	}
}

func runSignature(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usageErr("%s", signatureUsage)
	}
	switch args[0] {
	case "inspect":
		return runSignatureInspect(ctx, e, args[1:])
	case "encode":
		return runSignatureEncode(ctx, e, args[1:])
	}
	return usageErr("unknown signature subcommand %q\n%s", args[0], signatureUsage)
}

// signatureReport is what `signature inspect` prints.
type signatureReport struct {
	File           string           `json:"file"`
	Format         string           `json:"format"`
	Device         signature.Device `json:"device"`
	DocumentSHA256 string           `json:"document_sha256,omitempty"`
	Samples        int              `json:"samples"`
	PenDown        int              `json:"samples_pen_down"`
	DurationMs     uint32           `json:"duration_ms"`
	RateHz         float64          `json:"effective_rate_hz"`
	Strokes        int              `json:"strokes"`
	PressureMin    int32            `json:"pressure_min,omitempty"`
	PressureMax    int32            `json:"pressure_max,omitempty"`
	Quality        string           `json:"quality"`
}

func runSignatureInspect(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("signature inspect", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	pngOut := fs.String("png", "", "write the rendered signature (PNG) here")
	plotOut := fs.String("plot", "", "write a chart of pressure and speed over time (PNG) here")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	if len(pos) != 1 {
		return usageErr("%s", signatureUsage)
	}
	sig, rep, err := loadSignature(ctx, pos[0])
	if err != nil {
		return err
	}
	summarise(&rep, sig)
	if err := writePictures(sig, *pngOut, *plotOut); err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	printSignatureReport(e.stdout, rep)
	return nil
}

// loadSignature reads any supported file: a biometric_data envelope or bare ISO/IEC
// 19794-7 record (raw or base64), an SVC2004 .TXT or a stroke file.
func loadSignature(ctx context.Context, path string) (signature.Signature, signatureReport, error) {
	if err := ctx.Err(); err != nil {
		return signature.Signature{}, signatureReport{}, err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return signature.Signature{}, signatureReport{}, fmt.Errorf("read signature file: %w", err)
	}
	if dec, err := base64.StdEncoding.DecodeString(string(bytes.TrimSpace(b))); err == nil && len(dec) > 0 &&
		(bytes.HasPrefix(dec, []byte(iso19794.FormatID)) || bytes.HasPrefix(dec, []byte("{")) || biodata.IsAgeEncrypted(dec)) {
		b = dec
	}
	rep := signatureReport{File: path}
	switch {
	case biodata.IsAgeEncrypted(b):
		return signature.Signature{}, rep, fmt.Errorf("%s: %w (inspect it where the trusted third party's key is)", path, biodata.ErrEncrypted)
	case bytes.HasPrefix(b, []byte(iso19794.FormatID)) || bytes.Contains(b[:min(len(b), 200)], []byte(biodata.EnvelopeFormat)):
		env, err := biodata.Parse(b)
		if err != nil {
			return signature.Signature{}, rep, fmt.Errorf("%s: %w", path, err)
		}
		rep.Format, rep.DocumentSHA256 = "iso19794-7", env.DocumentSHA256
		if env.DocumentSHA256 != "" {
			rep.Format = "biometric_data envelope"
		}
		return env.Signature(), rep, nil
	}
	sig, err := replay.Parse(b)
	if err != nil {
		return signature.Signature{}, rep, fmt.Errorf("%s: %w", path, err)
	}
	rep.Format = "SVC2004"
	if bytes.HasPrefix(bytes.TrimSpace(b), []byte("{")) {
		rep.Format = "stroke file"
	}
	return sig, rep, nil
}

func summarise(rep *signatureReport, sig signature.Signature) {
	rep.Device, rep.Samples, rep.DurationMs = sig.Device, len(sig.Samples), sig.Duration()
	rep.Strokes = len(sig.Strokes())
	if rep.DurationMs > 0 {
		rep.RateHz = float64(rep.Samples-1) / float64(rep.DurationMs) * 1000
	}
	first := true
	for _, s := range sig.Samples {
		if !s.Contact {
			continue
		}
		rep.PenDown++
		if sig.Device.HasPressure {
			if first {
				rep.PressureMin, rep.PressureMax, first = s.Pressure, s.Pressure, false
			}
			rep.PressureMin, rep.PressureMax = min(rep.PressureMin, s.Pressure), max(rep.PressureMax, s.Pressure)
		}
	}
	rep.Quality = "ok"
	if err := signature.Check(sig, signature.DefaultRules()); err != nil {
		rep.Quality = err.Error()
	}
}

func writePictures(sig signature.Signature, pngOut, plotOut string) error {
	if pngOut != "" {
		b, err := biodata.SignatureImage(sig, biodata.DefaultImageOptions())
		if err != nil {
			return fmt.Errorf("render signature: %w", err)
		}
		if err := durable.WriteFile(pngOut, b, 0o644); err != nil {
			return err
		}
	}
	if plotOut != "" {
		return durable.WriteFunc(plotOut, 0o644, func(w io.Writer) error {
			return png.Encode(w, plot.Draw(sig, 1200, 480))
		})
	}
	return nil
}

func printSignatureReport(w io.Writer, r signatureReport) {
	d := r.Device
	fmt.Fprintf(w, "file:        %s (%s)\n", r.File, r.Format)
	fmt.Fprintf(w, "device:      %s %q, X %d..%d, Y %d..%d", orDash(d.Kind), d.Name, d.XMin, d.XMax, d.YMin, d.YMax)
	if d.Resolution > 0 {
		fmt.Fprintf(w, ", %.4g units/mm", d.Resolution)
	}
	if d.SampleRate > 0 {
		fmt.Fprintf(w, ", %.0f Hz", d.SampleRate)
	}
	fmt.Fprintf(w, "\nchannels:    pressure %v, tilt %v, orientation %v\n", d.HasPressure, d.HasTilt, d.HasOrientation)
	if r.DocumentSHA256 != "" {
		fmt.Fprintf(w, "document:    sha256 %s\n", r.DocumentSHA256)
	}
	fmt.Fprintf(w, "samples:     %d (%d pen down)\n", r.Samples, r.PenDown)
	fmt.Fprintf(w, "duration:    %.3f s, effective rate %.1f Hz\n", float64(r.DurationMs)/1000, r.RateHz)
	fmt.Fprintf(w, "strokes:     %d\n", r.Strokes)
	if d.HasPressure {
		fmt.Fprintf(w, "pressure:    %d..%d of %d\n", r.PressureMin, r.PressureMax, d.PressureMax)
	}
	fmt.Fprintf(w, "quality:     %s\n", r.Quality)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func runSignatureEncode(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("signature encode", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	out := fs.String("out", "", "where to write the ISO/IEC 19794-7 record (required)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	if len(pos) != 1 || *out == "" {
		return usageErr("signature encode needs one input file and --out OUT\n%s", signatureUsage)
	}
	sig, _, err := loadSignature(ctx, pos[0])
	if err != nil {
		return err
	}
	rec, err := iso19794.FromSignature(sig)
	if err != nil {
		return fmt.Errorf("%s: %w", pos[0], err)
	}
	b, err := iso19794.Encode(rec)
	if err != nil {
		return fmt.Errorf("%s: %w", pos[0], err)
	}
	if err := durable.WriteFile(*out, b, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %s: %d samples, channels %v, %d bytes\n", *out, len(rec.Samples), rec.Channels.List(), len(b))
	return nil
}

// checkPenTablet is the doctor's signature check: with signature.source "evdev..." the
// tablet must open, with "stu..." the signature pad; with "pointer" it lists the tablets
// and pads that could be used instead.
func checkPenTablet(ctx context.Context, in doctorInput) checkResult {
	r := checkResult{Name: "signature"}
	src := in.cfg.Signature.Source
	if strings.HasPrefix(src, "stu") {
		return checkSTU(ctx, src, "/sys", stu.Open)
	}
	if src == "pointer" || src == "" {
		cs, err := evdev.Find(ctx, "/sys")
		r.Status, r.Detail = statusOK, "mouse or touch screen (no pressure)"
		if err == nil && len(cs) > 0 {
			r.Detail += fmt.Sprintf("; %d pen tablet(s) found: set signature.source = \"evdev\" to capture pressure", len(cs))
			for _, c := range cs {
				r.Items = append(r.Items, c.Path+" "+c.Name)
			}
		}
		stuHint(ctx, "/sys", &r)
		return r
	}
	rd, err := evdev.Open(ctx, strings.TrimPrefix(strings.TrimPrefix(src, "evdev"), ":"))
	if err != nil {
		r.Status, r.Detail = statusFail, err.Error()
		return r
	}
	d := rd.Device()
	r.Status = statusOK
	r.Detail = fmt.Sprintf("%s %q: X 0..%d, Y 0..%d, pressure %v (max %d), tilt %v", rd.Path(), d.Name, d.XMax, d.YMax, d.HasPressure, d.PressureMax, d.HasTilt)
	return r
}
