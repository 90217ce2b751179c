package auth

import (
	"strings"
	"testing"
	"time"
)

func FuzzLoginAnswers(f *testing.F) {
	f.Add([]byte(`{"success":true,"data":{"token":"a.b.c","expires_at":"2026-01-01T00:00:00Z"}}`), "eyJhbGciOiJub25lIn0.eyJleHAiOjE3MDAwMDAwMDB9.sig")
	f.Add([]byte(`{"success":true,"data":{"mfa_required":true,"mfa_token":"m"}}`), "x.eyJleHAiOi0xfQ.y")
	f.Add([]byte(`{"success":false,"message":"Invalid credentials"}`), "")
	f.Add([]byte(`{"success":true,"data":{"token":"t","user":{"userID":42,"role":" RAO ","roles":["admin",""]}}}`), "")
	f.Fuzz(func(t *testing.T, b []byte, tok string) {
		if s, err := parseAnswer(b); err == nil && s.Token == "" && !(s.MFARequired && s.MFAToken != "") {
			t.Fatalf("accepted %q", b)
		} else if err == nil {
			for _, r := range s.session().Roles {
				if strings.TrimSpace(r) != r || r == "" {
					t.Fatalf("role %q from %q", r, b)
				}
			}
		}
		if e := JWTExpiry(tok); !e.IsZero() && (e.Before(time.Unix(1, 0)) || e.After(time.Unix(1e11, 0))) {
			t.Fatalf("JWTExpiry(%q) = %v", tok, e)
		}
	})
}
