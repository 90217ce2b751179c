package mrz_test

import (
	"context"
	"errors"
	"fmt"
	"image"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/capture/document/mrz"
	"github.com/enrolkiosk/enrolkiosk/capture/document/mrz/mrztest"
	"golang.org/x/image/font/opentype"
)

var evalRef = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// sample is one synthetic picture and the zone printed on it (nil: none).
type sample struct {
	name  string
	opts  mrztest.Options
	truth []string
}

// level is how hard a set is.
type level int

const (
	moderate level = iota // clean to moderate: the 98% target
	hard                  // small, blurred, noisy, tilted: reported, no target
)

// makeSet returns n random pictures of the level, a third of them inside a desk photo,
// mixing TD1, TD2 and TD3.
func makeSet(seed uint64, n int, lv level) []sample {
	r := rand.New(rand.NewPCG(seed, uint64(lv)))
	var out []sample
	for i := range n {
		f := []mrz.Format{mrz.TD1, mrz.TD1, mrz.TD3, mrz.TD2}[i%4]
		z := mrztest.Zone(r, f)
		o := mrztest.Options{Lines: z, Seed: seed*1000 + uint64(i), InPhoto: i%3 == 2}
		switch lv {
		case moderate:
			o.Width = []int{700, 850, 1000, 1300, 1600}[r.IntN(5)]
			o.Blur = []float64{0, 0, 0.7, 1.0, 1.3}[r.IntN(5)]
			o.Noise = []float64{0, 4, 8, 12}[r.IntN(4)]
			o.JPEG = []int{0, 90, 75, 60}[r.IntN(4)]
			o.Rotate = (r.Float64()*2 - 1) * 3
			o.Perspective = r.Float64() * 0.015
		case hard:
			o.Width = []int{520, 600, 700}[r.IntN(3)]
			o.Blur = []float64{1.6, 2.0, 2.4}[r.IntN(3)]
			o.Noise = []float64{14, 20}[r.IntN(2)]
			o.JPEG = []int{50, 40, 30}[r.IntN(3)]
			o.Rotate = (r.Float64()*2 - 1) * 7
			o.Perspective = 0.015 + r.Float64()*0.02
		}
		name := fmt.Sprintf("%s w%d blur%.1f noise%.0f q%d rot%.1f persp%.3f photo%v", f, o.Width, o.Blur, o.Noise, o.JPEG, o.Rotate, o.Perspective, o.InPhoto)
		out = append(out, sample{name: name, opts: o, truth: z})
	}
	return out
}

// stats are the accuracy measures of one set.
type stats struct {
	docs, correct, wrongAccepted, rejected int
	chars, charsRight                      int
	elapsed                                time.Duration
	failures                               []string
}

func (s stats) String() string {
	return fmt.Sprintf("%d documents: %.1f%% fully correct, %.2f%% characters right, %d rejected, %d wrong accepted, %.0f ms per image",
		s.docs, 100*float64(s.correct)/float64(s.docs), 100*float64(s.charsRight)/float64(max(s.chars, 1)),
		s.rejected, s.wrongAccepted, float64(s.elapsed.Milliseconds())/float64(s.docs))
}

func loadFont(tb testing.TB) *opentype.Font {
	tb.Helper()
	f, err := mrz.LoadFont("")
	if errors.Is(err, mrz.ErrNoFont) {
		tb.Skip("the OCR-B font is not installed (scripts/deps.sh installs fonts-ocr-b)")
	}
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

func newReader(tb testing.TB) *mrz.Reader {
	tb.Helper()
	loadFont(tb)
	rd, err := mrz.NewReader("")
	if err != nil {
		tb.Fatal(err)
	}
	return rd
}

func render(tb testing.TB, f *opentype.Font, o mrztest.Options) image.Image {
	tb.Helper()
	img, _, err := mrztest.Render(f, o)
	if err != nil {
		tb.Fatal(err)
	}
	return img
}

// evaluate reads every sample and scores it against its truth.
func evaluate(tb testing.TB, rd *mrz.Reader, f *opentype.Font, set []sample) stats {
	tb.Helper()
	var s stats
	for _, sm := range set {
		img := render(tb, f, sm.opts)
		start := time.Now()
		got, err := rd.Read(context.Background(), img, evalRef)
		s.elapsed += time.Since(start)
		s.docs++
		n := 0
		for _, l := range sm.truth {
			n += len(l)
		}
		s.chars += n
		if got != nil && len(got.Raw) == len(sm.truth) {
			for i, l := range sm.truth {
				for j := 0; j < len(l) && j < len(got.Raw[i]); j++ {
					if got.Raw[i][j] == l[j] {
						s.charsRight++
					}
				}
			}
		}
		accepted := err == nil && got.Result != nil && got.Result.Valid
		switch {
		case accepted && slices.Equal(got.Result.Lines, sm.truth):
			s.correct++
		case accepted:
			s.wrongAccepted++
			s.failures = append(s.failures, fmt.Sprintf("WRONG ACCEPTED %s: read %q, truth %q", sm.name, got.Result.Lines, sm.truth))
		default:
			s.rejected++
			raw := []string(nil)
			if got != nil {
				raw = got.Raw
			}
			s.failures = append(s.failures, fmt.Sprintf("rejected %s: %v; read %q, truth %q", sm.name, err, raw, sm.truth))
		}
	}
	return s
}

// TestReadSynthetic is the bounded part of the accuracy measure that make test runs:
// a small clean-to-moderate set must be read at 98% or more, and no misread may pass.
// BenchmarkReadAccuracy runs the full sets.
func TestReadSynthetic(t *testing.T) {
	f, rd := loadFont(t), newReader(t)
	n := 12
	if testing.Short() {
		n = 4
	}
	s := evaluate(t, rd, f, makeSet(7, n, moderate))
	t.Log(s)
	for _, fl := range s.failures {
		t.Log(fl)
	}
	if s.wrongAccepted > 0 {
		t.Errorf("%d misreads accepted", s.wrongAccepted)
	}
	if float64(s.correct) < 0.98*float64(s.docs)-0.5 {
		t.Errorf("%d of %d read fully correct, want 98%%", s.correct, s.docs)
	}
}

// TestReadHardNeverWrong: on the hard set, reading may fail, but a misread never passes.
func TestReadHardNeverWrong(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	f, rd := loadFont(t), newReader(t)
	s := evaluate(t, rd, f, makeSet(11, 8, hard))
	t.Log(s)
	if s.wrongAccepted > 0 {
		t.Errorf("%d misreads accepted: %v", s.wrongAccepted, s.failures)
	}
}

// BenchmarkReadAccuracy runs the full synthetic sets once and reports the share read
// fully correct, the character accuracy, the misreads accepted and the time per image
// (make bench-mrz; see docs/capture.md for the last numbers).
func BenchmarkReadAccuracy(b *testing.B) {
	f, rd := loadFont(b), newReader(b)
	for _, lv := range []struct {
		name  string
		level level
		n     int
	}{{"moderate", moderate, 200}, {"hard", hard, 60}} {
		b.Run(lv.name, func(b *testing.B) {
			set := makeSet(2026, lv.n, lv.level)
			var s stats
			for b.Loop() {
				s = evaluate(b, rd, f, set)
			}
			b.ReportMetric(100*float64(s.correct)/float64(s.docs), "%correct")
			b.ReportMetric(100*float64(s.charsRight)/float64(s.chars), "%chars")
			b.ReportMetric(float64(s.wrongAccepted), "wrong_accepted")
			b.ReportMetric(float64(s.elapsed.Milliseconds())/float64(s.docs), "ms/image")
			b.Log(s)
			for _, fl := range s.failures {
				b.Log(fl)
			}
		})
	}
}
