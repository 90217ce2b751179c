// Package biodata builds the two fields the Biometric Signature API takes for a
// handwritten signature, and reads the first one back:
//
//   - biometric_data: a JSON Envelope (device description, SHA-256 of the signed
//     document, capture time, the ISO/IEC 19794-7 record), optionally encrypted with age
//     to a trusted third party's X25519 recipient so that the kiosk cannot read it back;
//   - signature_image: a PNG of the ink, trimmed, on a transparent or white background.
//
// Both are refused, never truncated, when their base64 form passes the API's limits
// (MaxBiometricData, MaxSignatureImage).
package biodata
