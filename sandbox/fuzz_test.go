package sandbox

import (
	"encoding/base64"
	"encoding/json"
	"testing"
)

// FuzzEvidencesBody feeds arbitrary bytes through the evidences body decoder and
// validator: every refusal must be a classified client error, never a panic or a 500.
func FuzzEvidencesBody(f *testing.F) {
	good, _ := json.Marshal(demoEvidences(f))
	f.Add(good)
	f.Add([]byte(`{"videoid_data":{"similarity_level":"high"}}`))
	f.Add([]byte(`{"videoid_data":{"images":{"document_front":"!!"}}}`))
	f.Add([]byte(`{`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var body evidencesBody
		err := decodeJSON(b, &body)
		if err == nil {
			_, err = body.validate(nil)
		}
		if err == nil {
			return
		}
		if code, _ := classify(err); code < 400 || code >= 500 {
			t.Fatalf("bad body answered %d: %v", code, err)
		}
	})
}

// FuzzParseJWT checks that no token other than one the sandbox signed is accepted.
func FuzzParseJWT(f *testing.F) {
	a := &authority{jwtKey: []byte("k")}
	signing := jwtHeader + "." + base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"user","exp":1,"typ":"access"}`))
	tok := signing + "." + a.sign(signing) // fixed, so every fuzz worker has the same one
	f.Add(tok)
	f.Add("a.b.c")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		if _, err := parseJWT(s, a.sign); err == nil && s != tok {
			t.Fatalf("a token the sandbox did not issue verified: %q", s)
		}
	})
}
