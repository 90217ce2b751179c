package config

import "testing"

func TestOneShotEnvAndValidation(t *testing.T) {
	for url, want := range map[string]string{"http://127.0.0.1:8080": "sandbox", "https://api.example.com": "prod", "": "prod"} {
		if got := (Backend{OneShotURL: url}).OneShotEnv(); got != want {
			t.Errorf("OneShotEnv(%q) = %q, want %q", url, got, want)
		}
	}
	if got := (Backend{OneShotURL: "http://127.0.0.1", Env: "prod"}).OneShotEnv(); got != "prod" {
		t.Errorf("explicit env ignored: %q", got)
	}
	cfg := Default()
	if err := Parse([]byte("[backend]\nenv = \"staging\"\n"), &cfg); err == nil {
		t.Error("env staging accepted")
	}
	cfg = Default()
	if err := Parse([]byte("[backend]\npin = { env = \"EK_PIN\" }\nbilling_password = \"plain\"\n"), &cfg); err == nil {
		t.Error("a plain billing_password was accepted")
	}
}
