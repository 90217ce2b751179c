package config

import (
	"errors"
	"testing"
)

func TestCheckPromise(t *testing.T) {
	s := defaultSignature()
	if err := s.CheckPromise(true); !errors.Is(err, ErrThirdPartyMissing) || !errors.Is(err, ErrInvalid) {
		t.Fatalf("promise without a recipient: %v", err)
	}
	if err := s.CheckPromise(false); err != nil {
		t.Fatalf("no promise: %v", err)
	}
	s.TrustedThirdParty = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"
	if err := s.CheckPromise(true); err != nil {
		t.Fatalf("promise with a recipient: %v", err)
	}
}
