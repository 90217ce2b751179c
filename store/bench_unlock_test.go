package store

import "testing"

// owaspMinimumArgon2 is OWASP's minimum argon2id setting (Password Storage Cheat Sheet:
// m=19 MiB, t=2, p=1), the floor DefaultArgon2 is compared against.
var owaspMinimumArgon2 = Argon2Params{Time: 2, MemoryKiB: 19 << 10, Threads: 1}

// BenchmarkUnlockArgon2 measures unsealing the device key file with a passphrase, with
// DefaultArgon2 (what an administrator waits at the unlock screen) and with OWASP's
// minimum for comparison. docs/store.md records the numbers.
func BenchmarkUnlockArgon2(b *testing.B) {
	for _, c := range []struct {
		name string
		p    Argon2Params
	}{{"default", DefaultArgon2}, {"owasp-minimum", owaspMinimumArgon2}} {
		b.Run(c.name, func(b *testing.B) {
			data, err := encodeKeyFile(randomKey(), []byte("correct horse battery staple"), c.p)
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := decodeKeyFile(data, []byte("correct horse battery staple")); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "unlock-ms/op")
		})
	}
}
