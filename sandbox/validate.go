package sandbox

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // register the JPEG decoder for evidence images
	_ "image/png"  // register the PNG decoder for evidence and signature images
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
)

// Sentinel validation errors; handlers wrap them with the field name.
var (
	// ErrMissing reports a required field or header that is absent or empty.
	ErrMissing = errors.New("is required")
	// ErrTooLarge reports a body or field over its size limit.
	ErrTooLarge = errors.New("is too large")
	// ErrBase64 reports a field that is not standard base64 (RFC 4648, with padding).
	ErrBase64 = errors.New("is not valid base64")
	// ErrImage reports an image that does not decode as JPEG or PNG.
	ErrImage = errors.New("is not a JPEG or PNG image that decodes")
	// ErrVideo reports a video that does not parse as WebM or MP4.
	ErrVideo = errors.New("is not a WebM or MP4 video that parses")
	// ErrBiometric reports biometric data that is not an ISO/IEC 19794-7 record.
	ErrBiometric = errors.New("is not an ISO/IEC 19794-7 signature record")
)

// Image limits: the sandbox refuses decompression bombs before decoding pixels.
const (
	maxImageSide   = 12000
	maxImagePixels = 50_000_000
)

// fieldError names the field a validation error is about.
type fieldError struct {
	Field string
	Err   error
}

func (e *fieldError) Error() string { return e.Field + " " + e.Err.Error() }
func (e *fieldError) Unwrap() error { return e.Err }

func fieldErr(field string, err error) error { return &fieldError{Field: field, Err: err} }

// decodeBase64 decodes a standard base64 field, checking its decoded size first.
func decodeBase64(field, s string, maxBytes int) ([]byte, error) {
	if s == "" {
		return nil, fieldErr(field, ErrMissing)
	}
	if base64.StdEncoding.DecodedLen(len(s)) > maxBytes+2 {
		return nil, fieldErr(field, fmt.Errorf("%w: over %d bytes decoded", ErrTooLarge, maxBytes))
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, fieldErr(field, fmt.Errorf("%w (%v)", ErrBase64, err))
	}
	if len(b) > maxBytes {
		return nil, fieldErr(field, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(b), maxBytes))
	}
	return b, nil
}

// imageCache remembers the SHA-256 of images that decoded, so an identical image sent again
// (a retry, a load benchmark) is not decoded twice. It is bounded; a nil cache decodes
// every time.
type imageCache struct {
	mu sync.Mutex
	ok map[[sha256.Size]byte]string
}

const imageCacheSize = 256

func newImageCache() *imageCache { return &imageCache{ok: map[[sha256.Size]byte]string{}} }

// check is checkImage with the cache in front.
func (c *imageCache) check(field string, b []byte, formats ...string) error {
	if c == nil {
		return checkImage(field, b, formats...)
	}
	sum := sha256.Sum256(b)
	c.mu.Lock()
	format, hit := c.ok[sum]
	c.mu.Unlock()
	if hit && (len(formats) == 0 || slices.Contains(formats, format)) {
		return nil
	}
	if err := checkImage(field, b, formats...); err != nil {
		return err
	}
	_, format, _ = image.DecodeConfig(bytes.NewReader(b))
	c.mu.Lock()
	if len(c.ok) >= imageCacheSize {
		clear(c.ok)
	}
	c.ok[sum] = format
	c.mu.Unlock()
	return nil
}

// decode decodes a base64 image field and checks the image.
func (c *imageCache) decode(field, s string, maxBytes int, formats ...string) ([]byte, error) {
	b, err := decodeBase64(field, s, maxBytes)
	if err != nil {
		return nil, err
	}
	return b, c.check(field, b, formats...)
}

// checkImage decodes b as JPEG or PNG after checking its dimensions; formats limits the
// accepted formats (nil accepts both).
func checkImage(field string, b []byte, formats ...string) error {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return fieldErr(field, fmt.Errorf("%w (%v)", ErrImage, err))
	}
	if len(formats) > 0 && !slices.Contains(formats, format) {
		return fieldErr(field, fmt.Errorf("%w: it is %s, expected %s", ErrImage, format, strings.Join(formats, " or ")))
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > maxImageSide || cfg.Height > maxImageSide ||
		cfg.Width*cfg.Height > maxImagePixels {
		return fieldErr(field, fmt.Errorf("%w: %dx%d pixels is outside 1..%d per side", ErrImage, cfg.Width, cfg.Height, maxImageSide))
	}
	if _, _, err := image.Decode(bytes.NewReader(b)); err != nil {
		return fieldErr(field, fmt.Errorf("%w (%v)", ErrImage, err))
	}
	return nil
}

// readJSON decodes a JSON body of at most max bytes into v. Errors name the field.
func readJSON(r *http.Request, max int64, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return errContentType
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, max))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return fieldErr("body", fmt.Errorf("%w: limit %d bytes", ErrTooLarge, max))
		}
		return fmt.Errorf("read request body: %w", err)
	}
	return decodeJSON(body, v)
}

// errContentType reports a body sent with a Content-Type other than application/json.
var errContentType = errors.New("Content-Type must be application/json")

// errJSON wraps a body that is not JSON or has a field of the wrong type.
type errJSON struct{ msg string }

func (e *errJSON) Error() string { return e.msg }

// decodeJSON unmarshals body into v, turning type errors into field errors.
func decodeJSON(body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return &errJSON{"Could not parse JSON body - the body is empty"}
	}
	err := json.Unmarshal(body, v)
	var te *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			field = "body"
		}
		return fieldErr(field, fmt.Errorf("must be %s, not %s", jsonKind(te.Type.Kind().String()), te.Value))
	default:
		return &errJSON{"Could not parse JSON body - " + err.Error()}
	}
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "a string"
	case "bool":
		return "a boolean"
	case "int", "int64", "int32", "uint64":
		return "an integer"
	case "float64":
		return "a number"
	case "map", "struct":
		return "an object"
	case "slice":
		return "an array"
	}
	return goKind
}
