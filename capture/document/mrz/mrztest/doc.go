// Package mrztest makes synthetic identity documents for the tests and benchmarks of
// the MRZ reader: random but valid ICAO 9303 zones (Zone), rendered in OCR-B onto
// ID-1 cards or TD3 passport pages with a printed background (Render), and degraded
// like a camera would (blur, noise, JPEG artefacts, rotation, perspective, a card lying
// in a larger photo). Everything is deterministic for a given seed.
package mrztest
