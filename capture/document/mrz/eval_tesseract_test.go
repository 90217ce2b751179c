//go:build tesseract

package mrz_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/enrolkiosk/enrolkiosk/capture/document"
	"github.com/enrolkiosk/enrolkiosk/capture/document/mrz"
	"github.com/enrolkiosk/enrolkiosk/capture/document/mrz/tesseract"
)

// BenchmarkTesseractAccuracy measures Tesseract (whitelisted to the MRZ alphabet) on
// the same synthetic sets as BenchmarkReadAccuracy, given the zone our finder located
// (rectified with document.ProcessImage): the OCR engines compared on equal terms.
//
//	go test -tags tesseract -run XXX -bench BenchmarkTesseractAccuracy -benchtime 1x ./capture/document/mrz/
func BenchmarkTesseractAccuracy(b *testing.B) {
	f, rd := loadFont(b), newReader(b)
	tr, err := tesseract.New()
	if err != nil {
		b.Fatal(err)
	}
	defer tr.Close()
	for _, lv := range []struct {
		name  string
		level level
		n     int
	}{{"moderate", moderate, 200}, {"hard", hard, 60}} {
		b.Run(lv.name, func(b *testing.B) {
			n := lv.n
			if testing.Short() {
				n /= 10
			}
			set := makeSet(2026, n, lv.level)
			var s stats
			for b.Loop() {
				s = stats{}
				for _, sm := range set {
					img := render(b, f, sm.opts)
					s.docs++
					for _, l := range sm.truth {
						s.chars += len(l)
					}
					start := time.Now()
					found, _ := rd.Read(context.Background(), img, evalRef)
					var lines []string
					var err error = mrz.ErrNotFound
					if found != nil {
						q := document.Quad(found.Zone)
						opts := document.DefaultOptions()
						opts.Crop, opts.BudgetBytes, opts.LongEdge = &q, 4_000_000, 1600
						var res document.Result
						if res, err = document.ProcessImage(context.Background(), img, opts); err == nil {
							shape := map[int]int{3: 30, 2: len(sm.truth[0])}
							lines, err = tr.Lines(res.JPEG, len(found.Raw), shape[len(found.Raw)])
						}
					}
					s.elapsed += time.Since(start)
					if err != nil {
						s.rejected++
						s.failures = append(s.failures, fmt.Sprintf("rejected %s: %v", sm.name, err))
						continue
					}
					if len(lines) == len(sm.truth) {
						for i, l := range sm.truth {
							for j := range l {
								if j < len(lines[i]) && lines[i][j] == l[j] {
									s.charsRight++
								}
							}
						}
					}
					res, perr := mrz.Parse(lines, evalRef)
					switch {
					case perr == nil && res.Valid && slices.Equal(res.Lines, sm.truth):
						s.correct++
					case perr == nil && res.Valid:
						s.wrongAccepted++
						s.failures = append(s.failures, fmt.Sprintf("WRONG ACCEPTED %s: %q", sm.name, res.Lines))
					default:
						s.rejected++
						s.failures = append(s.failures, fmt.Sprintf("rejected %s: %v: read %q truth %q", sm.name, perr, lines, sm.truth))
					}
				}
			}
			b.ReportMetric(100*float64(s.correct)/float64(s.docs), "%correct")
			b.ReportMetric(100*float64(s.charsRight)/float64(s.chars), "%chars")
			b.ReportMetric(float64(s.wrongAccepted), "wrong_accepted")
			b.ReportMetric(float64(s.elapsed.Milliseconds())/float64(s.docs), "ms/image")
			b.Log(s)
			for i, fl := range s.failures {
				if i < 15 {
					b.Log(fl)
				}
			}
		})
	}
}
