package config

import (
	"errors"
	"testing"
)

func TestSignatureSection(t *testing.T) {
	cfg := Default()
	if cfg.Signature.Source != "pointer" || cfg.Signature.ImageWidth != 800 || cfg.Signature.ImageBackground != "white" {
		t.Fatalf("defaults = %+v", cfg.Signature)
	}
	ok := "[signature]\nsource = \"evdev:/dev/input/event7\"\nimage_width = 600\nimage_height = 200\nimage_background = \"transparent\"\n" +
		"trusted_third_party = \"age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\"\n"
	if err := Parse([]byte(ok), &cfg); err != nil || cfg.Signature.ImageWidth != 600 || cfg.Signature.ImageBackground != "transparent" {
		t.Fatalf("parse: %+v, %v", cfg.Signature, err)
	}
	for _, src := range []string{"stu", "stu:/dev/hidraw3", "evdev", "pointer"} {
		c := Default()
		if err := Parse([]byte("[signature]\nsource = \""+src+"\"\n"), &c); err != nil || c.Signature.Source != src {
			t.Errorf("source %q: %v", src, err)
		}
	}
	for name, bad := range map[string]string{
		"unknown source":  "[signature]\nsource = \"wacom\"\n",
		"stu without /":   "[signature]\nsource = \"stu:hidraw3\"\n",
		"not a recipient": "[signature]\ntrusted_third_party = \"age1notakey\"\n",
		"tiny image":      "[signature]\nimage_width = 10\n",
		"pink background": "[signature]\nimage_background = \"pink\"\n",
	} {
		c := Default()
		if err := Parse([]byte(bad), &c); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: err = %v, want ErrInvalid", name, err)
		}
	}
}
