package mrz

import (
	"context"
	"errors"
	"fmt"
	"image"
	"math"
	"slices"
	"time"
)

// workEdge is the long edge the reader works at: enough for the characters of a card
// filling a third of a 12 MP photo, small enough to stay fast.
const workEdge = 2000

// Confidence thresholds of a recognised character: its correlation with the template
// and its lead over the runner-up. A character below either is uncertain.
const (
	minScore  = 0.55
	minMargin = 0.04
)

// Reader finds and reads the machine readable zone in pictures of documents. It is
// safe for concurrent use.
type Reader struct {
	tpl *templates
}

// NewReader renders the OCR-B templates from the font at fontPath (the first of
// FontPaths when empty). The error wraps ErrNoFont when the font is not installed.
func NewReader(fontPath string) (*Reader, error) {
	f, err := LoadFont(fontPath)
	if err != nil {
		return nil, err
	}
	t, err := newTemplates(f)
	if err != nil {
		return nil, err
	}
	return &Reader{tpl: t}, nil
}

// Reading is what Read found: the recognised lines, the parse, and how sure the
// recogniser was of each character.
type Reading struct {
	// Result is the parsed zone; nil when no zone was found.
	Result *Result `json:"result,omitempty"`
	// Raw are the lines as recognised, before the parser's corrections.
	Raw []string `json:"raw,omitempty"`
	// Uncertain lists the characters recognised with little confidence.
	Uncertain []Position `json:"uncertain,omitempty"`
	// UpsideDown is true when the zone was read with the picture turned 180 degrees.
	UpsideDown bool `json:"upside_down,omitempty"`
	// Zone is the zone's outline in the picture's pixels (top-left, top-right,
	// bottom-right, bottom-left).
	Zone [4]image.Point `json:"zone"`
}

// Position is one character of the zone; Line and Column count from 0.
type Position struct {
	Line   int    `json:"line"`
	Column int    `json:"column"`
	Read   string `json:"read"`
	Alt    string `json:"alternative"`
}

// Read finds the zone in img and reads it; ref resolves the two-digit years (see Parse).
// The error wraps ErrNotFound when no zone is in the picture, ErrCheckDigit when one was
// read but its check digits disagree, and the Reading then says what was read.
//
// A character recognised with little confidence in a field no check digit protects
// (names, nationality, ...) makes the reading invalid: a misread must fail, not pass.
func (r *Reader) Read(ctx context.Context, img image.Image, ref time.Time) (*Reading, error) {
	if img == nil || img.Bounds().Empty() {
		return nil, fmt.Errorf("%w: the picture is empty", ErrNotFound)
	}
	g, scale := toGray(img, workEdge)
	var best *Reading
	var bestErr error
	for _, upside := range []bool{false, true} {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		src := g
		if upside {
			src = g.rotate180()
		}
		rd, err := r.readGray(ctx, src, ref)
		if rd == nil {
			if bestErr == nil {
				bestErr = err
			}
			continue
		}
		rd.UpsideDown = upside
		for i, p := range rd.Zone {
			if upside {
				p = image.Pt(g.w-p.X, g.h-p.Y)
			}
			rd.Zone[i] = image.Pt(int(math.Round(float64(p.X)/scale)), int(math.Round(float64(p.Y)/scale))).Add(img.Bounds().Min)
		}
		if upside {
			rd.Zone = [4]image.Point{rd.Zone[2], rd.Zone[3], rd.Zone[0], rd.Zone[1]}
		}
		if rd.Result, err = reparse(rd, ref); err == nil {
			return rd, nil
		}
		if best == nil {
			best, bestErr = rd, err
		}
	}
	if best != nil {
		return best, bestErr
	}
	if bestErr == nil {
		bestErr = fmt.Errorf("%w: no lines of OCR-B characters", ErrNotFound)
	}
	return nil, bestErr
}

// reparse parses the raw lines and applies the confidence rule.
func reparse(rd *Reading, ref time.Time) (*Result, error) {
	res, err := Parse(rd.Raw, ref)
	if res == nil {
		return nil, err
	}
	if err == nil {
		protected := protectedColumns(res)
		for _, u := range rd.Uncertain {
			if !protected[[2]int{u.Line, u.Column}] {
				res.Problems = append(res.Problems, fmt.Sprintf("the character %q at line %d, column %d (no check digit covers it) is not clear; retake the picture",
					u.Read, u.Line+1, u.Column+1))
				res.Valid = false
				err = fmt.Errorf("%w: uncertain characters outside the check digits", ErrCheckDigit)
			}
		}
	}
	return res, err
}

// protectedColumns returns the positions some check digit covers (and the digits).
func protectedColumns(res *Result) map[[2]int]bool {
	out := map[[2]int]bool{}
	rows := toBytes(res.Lines)
	lay := layouts[res.Format]
	checks := lay.checks
	if long, ok := longNumber(rows, res.Format); ok {
		checks = append([]check{long}, checks[1:]...)
	}
	for _, c := range checks {
		for _, s := range slices.Concat(c.over, []span{c.digit}) {
			for i := s.start; i < s.end; i++ {
				out[[2]int{s.line, i}] = true
			}
		}
	}
	return out
}

func toBytes(lines []string) [][]byte {
	rows := make([][]byte, len(lines))
	for i, l := range lines {
		rows[i] = []byte(l)
	}
	return rows
}

// inkFactors are the binarisation thresholds tried in turn (see binarise).
var inkFactors = [...]float64{0.82, 0.62}

// readGray finds the zone candidates in g and reads the first that parses.
func (r *Reader) readGray(ctx context.Context, g *gray, ref time.Time) (*Reading, error) {
	edge := max(g.w, g.h)
	var first *Reading
	var firstErr error
	for _, factor := range inkFactors {
		rd, err := r.readInk(ctx, g, g.binarise(max(6, edge/60), factor), ref)
		if err == nil || ctx.Err() != nil {
			return rd, err
		}
		if rd != nil && first == nil {
			first, firstErr = rd, err
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return first, firstErr
}

// readInk finds the zone candidates in the binarised picture and reads the first that
// parses.
func (r *Reader) readInk(ctx context.Context, g *gray, ink []bool, ref time.Time) (*Reading, error) {
	edge := max(g.w, g.h)
	lines := chain(glyphBlobs(blobs(ink, g.w, g.h), edge))
	cands := candidates(lines)
	if len(cands) == 0 {
		return nil, fmt.Errorf("%w: no group of 2 or 3 evenly spaced lines of 30, 36 or 44 characters", ErrNotFound)
	}
	var first *Reading
	var firstErr error
	for _, c := range cands {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rd := r.readZone(g, c)
		_, err := Parse(rd.Raw, ref)
		if err == nil || errors.Is(err, ErrCheckDigit) && first == nil {
			if err == nil {
				return rd, nil
			}
			first, firstErr = rd, err
		}
	}
	if first != nil {
		return first, firstErr
	}
	return nil, fmt.Errorf("%w: %d candidate zones, none readable", ErrNotFound, len(cands))
}

// readZone recognises every cell of a candidate zone.
func (r *Reader) readZone(g *gray, c zoneCandidate) *Reading {
	n := lineShape[c.format][1]
	rd := &Reading{}
	for li, l := range c.lines {
		ux, uy := 1/math.Sqrt(1+l.slope*l.slope), l.slope/math.Sqrt(1+l.slope*l.slope)
		model := l
		if l.cells < 12 {
			model = c.lines[0] // too short to fit a pitch of its own (a names line)
		}
		buf := make([]byte, n)
		for i := 0; i < n; i++ {
			k := float64(i)
			x := l.x0 + model.p*k + model.q*k*k
			p := model.p + 2*model.q*k
			along := p * math.Sqrt(1+l.slope*l.slope)
			capH := r.tpl.ratio * along // the pitch is measured on many characters, the height on few
			cl := cell{cx: x, cy: l.y(x), pitch: along, capH: capH, ux: ux, uy: uy}
			gs := r.tpl.classify(sampleCell(g, cl, tplW, r.tpl.h, tplM))
			buf[i] = gs.char
			if gs.score < minScore || gs.score-gs.second < minMargin {
				rd.Uncertain = append(rd.Uncertain, Position{Line: li, Column: i, Read: string(gs.char), Alt: string(gs.alt)})
			}
		}
		rd.Raw = append(rd.Raw, string(buf))
	}
	first, last := c.lines[0], c.lines[len(c.lines)-1]
	half := first.height
	fx0, xEnd := first.x0, first.cellX(float64(n-1))
	lx0, lxEnd := last.x0, last.x0+(xEnd-fx0)
	pt := func(x, y float64) image.Point { return image.Pt(int(math.Round(x)), int(math.Round(y))) }
	rd.Zone = [4]image.Point{
		pt(fx0-c.pitch, first.y(fx0)-half), pt(xEnd+c.pitch, first.y(xEnd)-half),
		pt(lxEnd+c.pitch, last.y(lxEnd)+half), pt(lx0-c.pitch, last.y(lx0)+half),
	}
	return rd
}
