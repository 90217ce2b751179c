package config

import (
	"errors"
	"testing"
)

func TestDocumentThresholdsValidated(t *testing.T) {
	cases := map[string]string{
		"glare over 1":        "[document]\nmax_glare = 1.5\n",
		"brightness inverted": "[document]\nmin_brightness = 200\nmax_brightness = 100\n",
		"no megapixels":       "[document]\nmax_megapixels = 0\n",
		"negative sharpness":  "[document]\nmin_sharpness = -1.0\n",
	}
	for name, text := range cases {
		t.Run(name, func(t *testing.T) {
			cfg := Default()
			if err := Parse([]byte(text), &cfg); !errors.Is(err, ErrInvalid) {
				t.Fatalf("got %v, want ErrInvalid", err)
			}
		})
	}
	cfg := Default()
	if err := Parse([]byte("[document]\nmin_sharpness = 80.0\nmax_glare = 0.05\n"), &cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.Document.MinSharpness != 80 || cfg.Document.MaxGlare != 0.05 || cfg.Document.BudgetBytes != 500_000 {
		t.Fatalf("got %+v", cfg.Document)
	}
}
