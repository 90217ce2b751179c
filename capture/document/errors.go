package document

import "errors"

// Sentinel errors for refused inputs. Process wraps them with details; test them with
// errors.Is.
var (
	// ErrEmpty means the file has no bytes at all.
	ErrEmpty = errors.New("the file is empty")
	// ErrNotImage means the bytes are not an image of any kind this program knows.
	ErrNotImage = errors.New("the file is not an image")
	// ErrUnsupportedFormat means the file is an image in a format this program cannot
	// read (HEIC, AVIF, GIF, ...); the wrapped message names the format.
	ErrUnsupportedFormat = errors.New("unsupported image format")
	// ErrTruncated means the image file ends before its data does (an interrupted copy).
	ErrTruncated = errors.New("the image file is truncated")
	// ErrCorrupt means the image header is readable but its data is not.
	ErrCorrupt = errors.New("the image data is corrupt")
	// ErrTooLarge means the image is larger than the configured limits (pixels or bytes);
	// decompression bombs are refused with it before any pixel is decoded.
	ErrTooLarge = errors.New("the image is too large")
	// ErrOverBudget means the image cannot be encoded under the byte budget even at the
	// lowest quality and size this package accepts.
	ErrOverBudget = errors.New("the image cannot be encoded under the byte budget")
)
