package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/enrolkiosk/enrolkiosk/capture/document"
	"github.com/enrolkiosk/enrolkiosk/capture/signature"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/replay"
	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/enrol"
	"github.com/enrolkiosk/enrolkiosk/enrol/applicant"
	"github.com/enrolkiosk/enrolkiosk/internal/paths"
	"github.com/enrolkiosk/enrolkiosk/store"
	"github.com/google/uuid"
)

const enrolUsage = "usage: enrolctl enrol --from-dir DIR [--count N] [--json]"

func enrolCommand() command {
	return command{
		name:    "enrol",
		summary: "seal enrolments headlessly from a folder: enrol --from-dir DIR [--count N]",
		run:     runEnrol,
	}
}

// enrolFile is applicant.json: the record fields of an enrolment.
type enrolFile struct {
	Applicant  store.Applicant      `json:"applicant"`
	Acceptance store.Acceptance     `json:"acceptance"`
	Checks     store.SecurityChecks `json:"security_checks"`
	OperatorID string               `json:"operator_id"`
	// MRZConfirmed keeps typed fields that disagree with the document's machine
	// readable zone, as the wizard's "Checked against the document" does.
	MRZConfirmed bool `json:"mrz_confirmed,omitempty"`
}

// The files of an enrolment folder.
const (
	applicantFile = "applicant.json"
	frontFile     = "front.jpg"
	rearFile      = "rear.jpg"
	selfieFile    = "selfie.jpg"
	videoFile     = "selfie.webm"
)

// folder is an enrolment folder read from disk: the pieces for enrol.Assemble, and what
// was wrong with each file that could not be read.
type folder struct {
	pieces   enrol.Pieces
	sigFile  string          // the signature file's name, once found
	problems []string        // "file: what is wrong"
	refused  map[string]bool // files with a problem: Assemble's word on their piece is not repeated
	notes    []string
	// mrzConfirmed is applicant.json's mrz_confirmed.
	mrzConfirmed bool
}

func runEnrol(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("enrol", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	dir := fs.String("from-dir", "", "folder with applicant.json, front.jpg, rear.jpg, selfie.jpg, selfie.webm and a signature (.TXT or .json)")
	count := fs.Int("count", 1, "seal this many enrolments from the folder (bulk tests, benchmarks)")
	asJSON := fs.Bool("json", false, "print the sealed ids as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *dir == "" || *count < 1 || fs.NArg() > 0 {
		return usageErr("%s", enrolUsage)
	}
	cfg, _, err := e.loadConfig()
	if err != nil {
		return &exitError{code: exitConfig, err: err}
	}
	f := readFolder(ctx, *dir, cfg)
	a, err := f.assemble(ctx, cfg)
	if err != nil {
		return err
	}
	if len(f.problems) > 0 {
		f.sortProblems()
		return &exitError{code: exitProblem, err: fmt.Errorf("%s cannot be enrolled:\n  - %s", *dir, strings.Join(f.problems, "\n  - "))}
	}
	for _, n := range f.notes {
		fmt.Fprintln(e.stderr, "note:", n)
	}
	db, err := e.openStoreCreating(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	ident, err := db.Identity(ctx)
	if err != nil {
		return err
	}
	var ids []string
	for i := range *count {
		rec := copyRecord(a.Record, i)
		c, err := a.Copy(uuid.NewString(), rec.Applicant, enrol.Options{TrustedThirdParty: cfg.Signature.TrustedThirdParty, DeviceKey: ident.PrivateKey})
		if err != nil {
			return fmt.Errorf("sign the biometric data after %d of %d: %w", len(ids), *count, err)
		}
		sealed, err := db.Seal(ctx, c.Record, c.Inputs())
		if err != nil {
			return fmt.Errorf("seal after %d of %d: %w", len(ids), *count, err)
		}
		ids = append(ids, sealed.ID)
		if !*asJSON {
			fmt.Fprintf(e.stdout, "sealed %s (%s)\n", sealed.ShortID(), sealed.ID)
		}
	}
	if *asJSON {
		return json.NewEncoder(e.stdout).Encode(map[string]any{"sealed": ids})
	}
	return nil
}

// copyRecord returns the record of copy i (0-based) of a --count import. Copies after
// the first tag the e-mail's local part with "+i" so that a backend sees distinct
// requests rather than one customer enrolled twice.
func copyRecord(rec store.Enrolment, i int) store.Enrolment {
	if local, domain, ok := strings.Cut(rec.Applicant.Email, "@"); ok && i > 0 {
		rec.Applicant.Email = fmt.Sprintf("%s+%d@%s", local, i, domain)
	}
	return rec
}

// sortProblems puts the problems in the folder's order (applicant.json, the pictures,
// the video, the signature), keeping each file's own order.
func (f *folder) sortProblems() {
	order := []string{applicantFile, frontFile, rearFile, selfieFile, videoFile}
	rank := func(line string) int {
		for i, file := range order {
			if strings.HasPrefix(line, file+": ") {
				return i
			}
		}
		return len(order)
	}
	slices.SortStableFunc(f.problems, func(a, b string) int { return rank(a) - rank(b) })
}

// refuse records what is wrong with file.
func (f *folder) refuse(file string, err error) {
	f.problems = append(f.problems, fmt.Sprintf("%s: %v", file, err))
	f.refused[file] = true
}

// readFolder reads every file into the pieces, collecting every problem rather than the
// first.
func readFolder(ctx context.Context, dir string, cfg config.Config) *folder {
	f := &folder{refused: map[string]bool{}}
	f.pieces = enrol.Pieces{Profile: cfg.Profile, Branch: cfg.BranchID}
	raw, err := os.ReadFile(filepath.Join(dir, applicantFile))
	if err == nil {
		err = f.readApplicant(raw)
	}
	if err != nil {
		f.refuse(applicantFile, err)
	}
	opts := document.FromConfig(cfg.Document)
	for _, im := range []struct {
		name string
		dst  *[]byte
	}{{frontFile, &f.pieces.Front}, {rearFile, &f.pieces.Rear}} {
		if err := f.readDocument(ctx, filepath.Join(dir, im.name), im.dst, opts); err != nil {
			f.refuse(im.name, err)
		}
	}
	f.readMRZ(ctx)
	if err := f.readSelfie(ctx, filepath.Join(dir, selfieFile), opts.MaxPixels); err != nil {
		f.refuse(selfieFile, err)
	}
	if err := f.readVideo(filepath.Join(dir, videoFile)); err != nil {
		f.refuse(videoFile, err)
	}
	if err := f.readSignature(dir); err != nil {
		f.refuse(f.sigFile, err)
	}
	return f
}

// assemble runs enrol.Assemble on the pieces, the wizard's own checks, and adds what it
// refuses to the problems, each under its file (applicant fields by name).
func (f *folder) assemble(ctx context.Context, cfg config.Config) (enrol.Sealable, error) {
	a, err := enrol.Assemble(ctx, f.pieces, enrol.Options{TrustedThirdParty: cfg.Signature.TrustedThirdParty})
	var problems enrol.Problems
	if !errors.As(err, &problems) {
		return a, err
	}
	for _, p := range problems {
		file := f.fileOf(p.Field)
		switch {
		case f.refused[file]:
			// already said why this file could not be read
		case file == applicantFile:
			f.problems = append(f.problems, fmt.Sprintf("%s: %s: %v", file, p.Field, p.Err))
		default:
			f.problems = append(f.problems, fmt.Sprintf("%s: %v", file, p.Err))
		}
	}
	return a, nil
}

// fileOf names the file a problem's field comes from.
func (f *folder) fileOf(field string) string {
	switch field {
	case string(store.DocumentFront):
		return frontFile
	case string(store.DocumentRear):
		return rearFile
	case string(store.DocumentOwner):
		return selfieFile
	case string(store.Video):
		return videoFile
	case enrol.FieldSignature:
		return f.sigFile
	}
	return applicantFile // the applicant's fields, the acceptance and the checks
}

// readApplicant takes the record fields, normalized as the wizard keeps typed text. A
// missing acceptance is stamped now with terms version "import"; a missing operator is
// "enrolctl". The file's bytes are the document the signature is bound to.
func (f *folder) readApplicant(raw []byte) error {
	var ef enrolFile
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ef); err != nil {
		return fmt.Errorf("not an applicant file (%v): see docs/sync.md for the format", err)
	}
	if ef.Acceptance.Accepted.IsZero() {
		ef.Acceptance.Accepted = time.Now().UTC()
	}
	if ef.Acceptance.TermsVersion == "" {
		ef.Acceptance.TermsVersion = "import"
	}
	if ef.OperatorID == "" {
		ef.OperatorID = "enrolctl"
	}
	p := &f.pieces
	p.Applicant, p.Acceptance, p.Checks, p.OperatorID = applicant.Normalize(ef.Applicant), ef.Acceptance, ef.Checks, ef.OperatorID
	p.Terms = raw
	f.mrzConfirmed = ef.MRZConfirmed
	return nil
}

// readDocument runs an ID document side through the pipeline the wizard uses
// (orientation, crop, resize, JPEG budget); poor quality is noted, not refused: the
// operator took these pictures.
func (f *folder) readDocument(ctx context.Context, path string, dst *[]byte, o document.Options) error {
	file, err := os.Open(path)
	if err != nil {
		return err
	}
	defer file.Close()
	res, err := document.Process(ctx, file, o)
	if err != nil {
		return err
	}
	if !res.OK {
		f.notes = append(f.notes, fmt.Sprintf("%s: %s", filepath.Base(path), strings.Join(res.Advice(), "; ")))
	}
	*dst = res.JPEG
	return nil
}

// readSelfie processes the selfie still as the wizard does an imported one.
func (f *folder) readSelfie(ctx context.Context, path string, maxPixels int) error {
	b, err := readBounded(path)
	if err != nil {
		return err
	}
	f.pieces.Owner, err = enrol.DecodeSelfie(ctx, b, maxPixels)
	return err
}

// readVideo takes the selfie clip; enrol.Assemble checks that it plays. A folder without
// one is refused only when the profile needs a video.
func (f *folder) readVideo(path string) error {
	b, err := readBounded(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	f.pieces.Video = b
	return err
}

// maxFile bounds every file read whole from the folder.
const maxFile = 64 << 20

// readBounded reads a file of at most maxFile bytes.
func readBounded(path string) ([]byte, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	b, err := io.ReadAll(io.LimitReader(file, maxFile+1))
	if err == nil && len(b) > maxFile {
		err = fmt.Errorf("the file is larger than %d MiB", maxFile>>20)
	}
	return b, err
}

// readSignature finds the one signature file (SVC2004 .TXT or a stroke .json) and checks
// it as the signature pad would; enrol.Assemble makes biometric_data (bound to the
// SHA-256 of applicant.json, the document the customer accepted here) and
// signature_image from it.
func (f *folder) readSignature(dir string) error {
	f.sigFile = "signature"
	var files []string
	for _, pat := range []string{"*.TXT", "*.txt", "signature*.json", "*.strokes.json"} {
		m, _ := filepath.Glob(filepath.Join(dir, pat))
		files = append(files, m...)
	}
	files = unique(files)
	if len(files) != 1 {
		return fmt.Errorf("want exactly one signature file (an SVC2004 .TXT or a stroke .json), found %d", len(files))
	}
	f.sigFile = filepath.Base(files[0])
	raw, err := readBounded(files[0])
	if err != nil {
		return err
	}
	sig, err := replay.Parse(raw)
	if err != nil {
		return err
	}
	if err := signature.Check(sig, signature.DefaultRules()); err != nil {
		return err
	}
	f.pieces.Signature = &sig
	return nil
}

func unique(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// openStoreCreating opens the store like openStore, creating it in an empty data dir:
// a bulk import may be the first thing a field laptop does.
func (e *env) openStoreCreating(ctx context.Context) (*store.DB, error) {
	cfg, _, err := e.loadConfig()
	if err != nil {
		return nil, &exitError{code: exitConfig, err: err}
	}
	dir, err := e.resolveDataDir()
	if err != nil {
		return nil, err
	}
	if err := paths.EnsureDir(dir); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(dir, store.FileName)); err != nil {
		fmt.Fprintf(e.stderr, "note: no database in %s yet: creating one\n", dir)
	}
	opts, err := store.OptionsFromConfig(ctx, cfg.Store)
	if err != nil {
		return nil, &exitError{code: exitConfig, err: err}
	}
	opts.Logger = slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	return store.Open(ctx, dir, opts)
}
