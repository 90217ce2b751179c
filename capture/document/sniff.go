package document

import (
	"bytes"
	"fmt"
)

// Format names an input image format.
type Format string

// Input formats Process decodes.
const (
	FormatJPEG Format = "jpeg"
	FormatPNG  Format = "png"
	FormatTIFF Format = "tiff"
	FormatBMP  Format = "bmp"
	FormatWebP Format = "webp"
)

// sniff names the format of data from its first bytes. It returns ErrUnsupportedFormat
// (naming the format) for images this package does not decode and ErrNotImage otherwise.
func sniff(data []byte) (Format, error) {
	switch {
	case len(data) == 0:
		return "", ErrEmpty
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return FormatJPEG, nil
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return FormatPNG, nil
	case bytes.HasPrefix(data, []byte("II*\x00")), bytes.HasPrefix(data, []byte("MM\x00*")):
		return FormatTIFF, nil
	case bytes.HasPrefix(data, []byte("BM")) && len(data) > 26:
		return FormatBMP, nil
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return FormatWebP, nil
	}
	if name := unsupportedName(data); name != "" {
		return "", fmt.Errorf("%w: %s (export it as JPEG or PNG, or set the phone or scanner to save JPEG)",
			ErrUnsupportedFormat, name)
	}
	return "", fmt.Errorf("%w: it starts with %q (choose a JPEG or PNG photo or scan)", ErrNotImage, printable(data))
}

// unsupportedName recognises image formats that are refused, so the operator is told what
// the file is rather than "not an image".
func unsupportedName(data []byte) string {
	if len(data) >= 12 && string(data[4:8]) == "ftyp" {
		switch brand := string(data[8:12]); brand {
		case "heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1":
			return "HEIC/HEIF"
		case "avif", "avis":
			return "AVIF"
		default:
			return "ISO media (" + brand + ")"
		}
	}
	prefixes := []struct{ magic, name string }{
		{"GIF87a", "GIF"}, {"GIF89a", "GIF"}, {"%PDF", "PDF"},
		{"\x00\x00\x00\x0cjP  ", "JPEG 2000"}, {"\xff\x4f\xff\x51", "JPEG 2000"},
		{"\xff\x0a", "JPEG XL"}, {"\x00\x00\x00\x0cJXL ", "JPEG XL"},
		{"8BPS", "Photoshop PSD"}, {"\x00\x00\x01\x00", "ICO"},
	}
	for _, p := range prefixes {
		if bytes.HasPrefix(data, []byte(p.magic)) {
			return p.name
		}
	}
	return ""
}

// printable returns up to the first 8 bytes of data with non-printing bytes replaced,
// for an error message that helps identify a wrong file.
func printable(data []byte) string {
	n := min(len(data), 8)
	out := make([]byte, n)
	for i, c := range data[:n] {
		if c < 0x20 || c > 0x7e {
			c = '.'
		}
		out[i] = c
	}
	return string(out)
}

// Extensions lists the file name extensions Process reads, for an import dialog's
// filter. Process decides by content, not by name.
func Extensions() []string {
	return []string{".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".webp"}
}
