package access

import (
	"encoding/json"
	"testing"
	"time"
)

func TestParseVerifierRefusesForgedCost(t *testing.T) {
	for _, b := range []string{`{`, `{"operator":{"id":"a"},"params":{"t":1,"m":4194304,"p":1},"salt":"AAAAAAAAAAA=","hash":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}`, `{}`} {
		if _, err := ParseVerifier([]byte(b)); err == nil {
			t.Errorf("accepted %s", b)
		}
	}
}

func FuzzParseVerifier(f *testing.F) {
	v, _ := NewVerifier(Operator{ID: "a"}, "pw", Params{Time: 1, MemoryKiB: 64, Threads: 1}, time.Unix(1e9, 0))
	b, _ := json.Marshal(v)
	f.Add(b)
	f.Add([]byte(`{"params":{"t":99}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := ParseVerifier(b)
		if err == nil && (v.Params.MemoryKiB > maxMemoryKiB || v.Params.Time > maxTime) {
			t.Fatal("accepted an out-of-range cost")
		}
	})
}
