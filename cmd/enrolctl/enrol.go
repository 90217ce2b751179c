package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/enrolkiosk/enrolkiosk/capture/document"
	"github.com/enrolkiosk/enrolkiosk/capture/signature"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/biodata"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/replay"
	"github.com/enrolkiosk/enrolkiosk/config"
	"github.com/enrolkiosk/enrolkiosk/internal/paths"
	"github.com/enrolkiosk/enrolkiosk/store"
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
}

// folder is a validated enrolment folder, processed as the wizard would.
type folder struct {
	rec      store.Enrolment
	evidence map[store.EvidenceKind][]byte
	types    map[store.EvidenceKind]string
	notes    []string
	sig      signature.Signature
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
	f, problems := readFolder(ctx, *dir, cfg)
	if len(problems) > 0 {
		return &exitError{code: exitProblem, err: fmt.Errorf("%s cannot be enrolled:\n  - %s", *dir, strings.Join(problems, "\n  - "))}
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
		rec, err := f.bind(f.copy(i), ident.PrivateKey, cfg)
		if err != nil {
			return fmt.Errorf("sign the biometric data after %d of %d: %w", len(ids), *count, err)
		}
		sealed, err := db.Seal(ctx, rec, f.inputs())
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

// copy returns the record of copy i (0-based) of a --count import. Copies after the
// first tag the e-mail's local part with "+i" so that a backend sees distinct requests
// rather than one customer enrolled twice.
func (f *folder) copy(i int) store.Enrolment {
	rec := f.rec
	if local, domain, ok := strings.Cut(rec.Applicant.Email, "@"); ok && i > 0 {
		rec.Applicant.Email = fmt.Sprintf("%s+%d@%s", local, i, domain)
	}
	return rec
}

func (f *folder) inputs() []store.EvidenceInput {
	var in []store.EvidenceInput
	for _, k := range store.EvidenceKinds {
		if b, ok := f.evidence[k]; ok {
			in = append(in, store.Bytes(k, f.types[k], b))
		}
	}
	return in
}

// readFolder reads and checks every file, collecting every problem rather than the first.
func readFolder(ctx context.Context, dir string, cfg config.Config) (*folder, []string) {
	f := &folder{evidence: map[store.EvidenceKind][]byte{}, types: map[store.EvidenceKind]string{}}
	var problems []string
	add := func(format string, a ...any) { problems = append(problems, fmt.Sprintf(format, a...)) }
	raw, err := os.ReadFile(filepath.Join(dir, "applicant.json"))
	if err != nil {
		add("applicant.json: %v", err)
	} else if err := f.readApplicant(raw, cfg); err != nil {
		add("applicant.json: %v", err)
	}
	opts := document.FromConfig(cfg.Document)
	for _, im := range []struct {
		name string
		kind store.EvidenceKind
		crop bool
	}{{"front.jpg", store.DocumentFront, true}, {"rear.jpg", store.DocumentRear, true}, {"selfie.jpg", store.DocumentOwner, false}} {
		o := opts
		o.NoAutoCrop = !im.crop
		if err := f.readImage(ctx, filepath.Join(dir, im.name), im.kind, o); err != nil {
			add("%s: %v", im.name, err)
		}
	}
	if err := f.readVideo(filepath.Join(dir, "selfie.webm")); err != nil {
		add("selfie.webm: %v", err)
	}
	if name, err := f.readSignature(dir, raw, cfg); err != nil {
		add("%s: %v", name, err)
	}
	return f, problems
}

func (f *folder) readApplicant(raw []byte, cfg config.Config) error {
	var ef enrolFile
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ef); err != nil {
		return fmt.Errorf("not an applicant file (%v): see docs/sync.md for the format", err)
	}
	a := ef.Applicant
	var miss []string
	for name, v := range map[string]string{"given_name": a.GivenName, "surname_1": a.Surname1, "serial_number": a.SerialNumber,
		"id_document_type": a.IDDocumentType, "id_document_country": a.IDDocumentCountry} {
		if strings.TrimSpace(v) == "" {
			miss = append(miss, "applicant."+name)
		}
	}
	if a.Email == "" && a.MobilePhoneNumber == "" {
		miss = append(miss, "applicant.email or applicant.mobile_phone_number")
	}
	if len(miss) > 0 {
		slices.Sort(miss)
		return fmt.Errorf("missing %s", strings.Join(miss, ", "))
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
	f.rec = store.Enrolment{Profile: cfg.Profile, OperatorID: ef.OperatorID, Branch: cfg.BranchID,
		Applicant: a, Acceptance: ef.Acceptance, Checks: ef.Checks}
	return nil
}

// readImage runs the document pipeline the wizard uses (orientation, crop, resize, JPEG
// budget); poor quality is noted, not refused: the operator took these pictures.
func (f *folder) readImage(ctx context.Context, path string, kind store.EvidenceKind, o document.Options) error {
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
	f.evidence[kind], f.types[kind] = res.JPEG, "image/jpeg"
	return nil
}

// webmMagic starts every EBML (WebM) file.
var webmMagic = []byte{0x1a, 0x45, 0xdf, 0xa3}

func (f *folder) readVideo(path string) error {
	b, err := os.ReadFile(path)
	switch {
	case err != nil:
		return err
	case !bytes.HasPrefix(b, webmMagic) || !bytes.Contains(b[:min(len(b), 64)], []byte("webm")):
		return errors.New("not a WebM video (no EBML header with DocType webm)")
	}
	f.evidence[store.Video], f.types[store.Video] = b, "video/webm"
	return nil
}

// readSignature finds the one signature file (SVC2004 .TXT or a stroke .json), checks it
// as the signature pad would, and makes signature_image; bind makes biometric_data per
// enrolment (terms: acceptance.terms_sha256, else the SHA-256 of applicant.json).
func (f *folder) readSignature(dir string, applicant []byte, cfg config.Config) (string, error) {
	var files []string
	for _, pat := range []string{"*.TXT", "*.txt", "signature*.json", "*.strokes.json"} {
		m, _ := filepath.Glob(filepath.Join(dir, pat))
		files = append(files, m...)
	}
	files = unique(files)
	if len(files) != 1 {
		return "signature", fmt.Errorf("want exactly one signature file (an SVC2004 .TXT or a stroke .json), found %d", len(files))
	}
	name := filepath.Base(files[0])
	raw, err := os.ReadFile(files[0])
	if err != nil {
		return name, err
	}
	sig, err := replay.Parse(raw)
	if err != nil {
		return name, err
	}
	if err := signature.Check(sig, signature.DefaultRules()); err != nil {
		return name, err
	}
	if f.rec.Acceptance.TermsSHA256 == "" { // no terms text was shown: applicant.json is the document
		f.rec.Acceptance.TermsSHA256 = store.SHA256Hex(applicant)
	}
	f.sig = sig
	if _, err := f.bind(f.rec, nil, cfg); err != nil {
		return name, err
	}
	img, err := biodata.SignatureImage(sig, biodata.DefaultImageOptions())
	if err != nil {
		return name, err
	}
	f.evidence[store.SignatureImage], f.types[store.SignatureImage] = img, "image/png"
	return name, nil
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
