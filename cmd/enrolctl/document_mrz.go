package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/enrolkiosk/enrolkiosk/capture/document"
	"github.com/enrolkiosk/enrolkiosk/capture/document/mrz"
)

// mrzReport is what `document mrz --json` prints.
type mrzReport struct {
	Image   string       `json:"image"`
	Valid   bool         `json:"valid"`
	Reason  string       `json:"reason,omitempty"`
	Expired bool         `json:"expired"`
	Reading *mrz.Reading `json:"reading,omitempty"`
}

// runDocumentMRZ reads the machine readable zone of one image: exit 0 with the fields
// when it is valid, exit 1 with the reason when none is found or its check digits
// disagree.
func runDocumentMRZ(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("document mrz", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	asJSON := fs.Bool("json", false, "print the reading as JSON")
	font := fs.String("font", "", "the OCR-B font file (default: the fonts-ocr-b package's)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	if len(pos) != 1 {
		return usageErr("usage: enrolctl document mrz IMAGE [--json] [--font OCRB.otf]")
	}
	opts, err := documentOptions(e, 0, 0)
	if err != nil {
		return err
	}
	reader, err := mrz.NewReader(*font)
	if err != nil {
		return &exitError{code: exitProblem, err: err}
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return &exitError{code: exitProblem, err: fmt.Errorf("open the image: %w", err)}
	}
	img, _, err := document.Decode(ctx, f, opts)
	f.Close()
	if err != nil {
		return &exitError{code: exitProblem, err: fmt.Errorf("%s refused: %w", pos[0], err)}
	}
	now := time.Now()
	rd, readErr := reader.Read(ctx, img, now)
	rep := mrzReport{Image: pos[0], Reading: rd}
	if readErr != nil {
		rep.Reason = readErr.Error()
	}
	if rd != nil && rd.Result != nil {
		rep.Valid = readErr == nil && rd.Result.Valid
		rep.Expired = rd.Result.Expired(now)
	}
	if err := printMRZReport(e.stdout, rep, *asJSON); err != nil {
		return err
	}
	if !rep.Valid {
		if readErr == nil {
			readErr = errors.New("the machine readable zone is not valid: " + strings.Join(rd.Result.Problems, "; "))
		}
		return &exitError{code: exitProblem, err: fmt.Errorf("%s: %w", pos[0], readErr)}
	}
	return nil
}

func printMRZReport(w io.Writer, rep mrzReport, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	if rep.Reading == nil || rep.Reading.Result == nil {
		return nil // the reason goes to stderr with the exit status
	}
	r := rep.Reading.Result
	verdict := "valid"
	if !rep.Valid {
		verdict = "NOT VALID"
	}
	fmt.Fprintf(w, "%s: %s machine readable zone, %s\n", rep.Image, r.Format, verdict)
	for _, l := range r.Lines {
		fmt.Fprintf(w, "  %s\n", l)
	}
	expiry := r.ExpiryDate.String()
	if rep.Expired {
		expiry += " (EXPIRED)"
	}
	names := r.GivenNames
	if r.NamesTruncated {
		names += " (may be truncated)"
	}
	for _, f := range [][2]string{
		{"document code", r.DocumentCode}, {"issuing state", r.IssuingState}, {"document number", r.DocumentNumber},
		{"surname", r.Surname}, {"given names", names}, {"nationality", r.Nationality},
		{"birth date", r.BirthDate.String()}, {"sex", r.Sex}, {"expiry date", expiry},
		{"optional data 1", r.OptionalData1}, {"optional data 2", r.OptionalData2},
	} {
		if f[1] != "" {
			fmt.Fprintf(w, "  %-16s %s\n", f[0], f[1])
		}
	}
	fmt.Fprintln(w, "check digits:")
	for _, c := range r.Checks {
		ok := "ok"
		if !c.OK {
			ok = "FAIL"
		}
		fmt.Fprintf(w, "  %-16s read %s computed %s  %s\n", c.Field, c.Read, c.Computed, ok)
	}
	if len(r.Corrections) > 0 {
		fmt.Fprintln(w, "corrections:")
		for _, c := range r.Corrections {
			fmt.Fprintf(w, "  %s\n", c)
		}
	}
	for _, p := range r.Problems {
		fmt.Fprintf(w, "problem: %s\n", p)
	}
	return nil
}
