// Package iso19794 encodes and decodes signature time-series records in the layout of
// ISO/IEC 19794-7 (full format): the "SDI" format identifier, a channel inclusion bitmap,
// a description per channel with an optional scaling value and range, and big-endian
// 16-bit samples. Channels X, Y, T, F (pressure), S (tip switch), TX/TY (tilt) and
// AZ/EL (azimuth and elevation) are written when the device has them. The exact byte
// layout is documented in docs/signature.md.
//
// Decode is the parser the sandbox uses to validate uploads: it never panics and refuses
// malformed input with an error wrapping ErrMalformed.
package iso19794
