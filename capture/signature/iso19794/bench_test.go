package iso19794_test

import (
	"testing"

	"github.com/enrolkiosk/enrolkiosk/capture/signature/iso19794"
	"github.com/enrolkiosk/enrolkiosk/capture/signature/svctest"
)

// BenchmarkEncodeLongest encodes the longest SVC2004 signature and reports the record size.
func BenchmarkEncodeLongest(b *testing.B) {
	_, sig := svctest.Longest(b)
	var size int
	for b.Loop() {
		rec, err := iso19794.FromSignature(sig)
		if err != nil {
			b.Fatal(err)
		}
		out, err := iso19794.Encode(rec)
		if err != nil {
			b.Fatal(err)
		}
		size = len(out)
	}
	b.ReportMetric(float64(size), "record_bytes")
	b.ReportMetric(float64(len(sig.Samples)), "samples")
}

// BenchmarkDecodeLongest decodes the longest SVC2004 signature's record.
func BenchmarkDecodeLongest(b *testing.B) {
	_, sig := svctest.Longest(b)
	rec, _ := iso19794.FromSignature(sig)
	raw, _ := iso19794.Encode(rec)
	for b.Loop() {
		if _, err := iso19794.Decode(raw); err != nil {
			b.Fatal(err)
		}
	}
}
