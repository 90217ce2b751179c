package mrz

import "errors"

// Sentinel errors. Parse and Read wrap them with details; test them with errors.Is.
var (
	// ErrFormat means the lines have neither the TD1, TD2 nor TD3 shape, or hold
	// characters outside the MRZ alphabet (A-Z, 0-9, '<').
	ErrFormat = errors.New("not a machine readable zone")
	// ErrCheckDigit means at least one check digit disagrees with its field, even after
	// trying the usual OCR confusions; the Result lists which.
	ErrCheckDigit = errors.New("a check digit of the machine readable zone disagrees")
	// ErrNotFound means no machine readable zone was found in the image.
	ErrNotFound = errors.New("no machine readable zone found in the image")
	// ErrNoFont means the OCR-B font the recogniser renders its templates from is not
	// installed (Debian package fonts-ocr-b).
	ErrNoFont = errors.New("the OCR-B font is not installed (install fonts-ocr-b)")
)
