// Package mrz parses the machine readable zone of identity documents (ICAO Doc 9303):
// TD1 cards (three lines of 30 characters), TD2 cards (two lines of 36) and TD3
// passports (two lines of 44). Parse checks every check digit (document number, birth
// date, expiry date, optional data, composite), splits the names, and repairs the usual
// OCR confusions (0/O, 1/I, 5/S, 8/B, 2/Z) only where the check digits then agree.
//
// Reading the zone off an image is the job of Read (read.go), which finds the zone, cuts
// it into glyphs and recognises them against OCR-B templates rendered at run time.
//
// The package is pure computation: it imports neither the store nor the UI.
package mrz
