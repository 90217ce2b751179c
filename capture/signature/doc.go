// Package signature holds the domain types of a handwritten signature captured as
// forensic evidence: the device that produced it, every pen sample at the device's own
// rate, strokes split at pen-up, and the quality checks run before a signer may accept.
//
// Sub-packages provide the sources (evdev tablets, Wacom STU pads over hidraw in stu,
// SVC2004 and stroke-file replay), the ISO/IEC 19794-7 encoder and decoder (iso19794),
// the ink renderer (ink) and the biometric_data and signature_image builders (biodata). This package imports none of
// them, nor store, sync or ui.
package signature
