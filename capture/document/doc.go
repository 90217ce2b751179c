// Package document turns a photo or a scan of an identity document into the JPEG the
// backend accepts first time: it refuses bad files before decoding them, applies the EXIF
// orientation, crops to the document (detected automatically or given by the operator),
// resizes to a target long edge, encodes under a byte budget, and measures sharpness,
// glare, exposure and resolution so the operator can retake a poor picture at once.
//
// The package is pure computation over bytes: it imports neither the store nor the UI.
package document
