package document

import "testing"

func TestSizeModel(t *testing.T) {
	for q := minQuality + 1; q <= maxQuality; q++ {
		if modelBytesPerPixel(q) <= modelBytesPerPixel(q-1) {
			t.Fatalf("the model is not increasing at quality %d", q)
		}
	}
	// 3 MP under 500 KB: the textured photo of the model fits at about 90.
	if q := firstQuality(3_000_000, 500_000); q < 88 || q > 91 {
		t.Fatalf("first guess %d for 3 MP in 500 KB, want about 90", q)
	}
	if q := firstQuality(3_000_000, 10_000); q != minQuality {
		t.Fatalf("first guess %d for a tiny budget, want %d", q, minQuality)
	}
	// Anchored on a measurement twice the model's, the proposal is lower.
	if hi, lo := predictQuality(90, 500_000, 600_000, minQuality, maxQuality), predictQuality(90, 1_000_000, 600_000, minQuality, maxQuality); lo >= hi || hi <= 90 {
		t.Fatalf("proposals %d (fits) and %d (twice too big)", hi, lo)
	}
}
