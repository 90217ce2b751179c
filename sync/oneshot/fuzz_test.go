package oneshot

import "testing"

func FuzzParsers(f *testing.F) {
	for _, s := range []string{
		`{"status":"200 OK","details":{"request_pk":45836,"videoid_pk":137,"videoid_link":"x"}}`,
		`{"status":"200 OK","details":{"pk":45836,"status":"VIDEOERROR","failed_security_checks":["liveliness"]}}`,
		`{"status":"200 OK","details":{"0a1b":{"username":"9001800","password":true,"pin":true}}}`,
		`{"status":"200 OK","details":"0a1b2c"}`, `{"details":{"request_pk":"01"}}`, `[]`, ``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if c, err := parseCreated(b); err == nil && !isPK(c.RequestPK.String()) {
			t.Fatalf("accepted request_pk %q", c.RequestPK)
		}
		if r, err := parseRequest(b); err == nil && r.Status == "" {
			t.Fatal("accepted a request without status")
		}
		_, _ = findToken(b, "9001800")
		if uid, err := parseToken(b); err == nil && uid == "" {
			t.Fatal("accepted an empty token")
		}
	})
}

func TestIsPK(t *testing.T) {
	for s, want := range map[string]bool{"45836": true, "1": true, "0": false, "012": false, "": false, "4.5": false, "-1": false, "1e5": false} {
		if isPK(s) != want {
			t.Errorf("isPK(%q) = %v", s, !want)
		}
	}
}
