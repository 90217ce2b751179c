package document

import (
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"log/slog"

	"github.com/enrolkiosk/enrolkiosk/capture/document/turbojpeg"
)

// Options controls Process. Start from DefaultOptions (or FromConfig) and change fields.
type Options struct {
	// BudgetBytes caps the encoded JPEG.
	BudgetBytes int
	// LongEdge is the target long edge in pixels; smaller documents are not enlarged.
	LongEdge int
	// MaxPixels refuses images with more pixels, checked from the header before decoding.
	MaxPixels int
	// MaxFileBytes refuses larger files before reading them whole.
	MaxFileBytes int64
	// Crop is the operator's outline of the document; nil asks for automatic detection.
	Crop *Quad
	// NoAutoCrop keeps the whole image when Crop is nil (a flatbed scan already cropped).
	NoAutoCrop bool
	// Thresholds are the quality limits.
	Thresholds Thresholds
	// Logger receives a debug line per image (sizes and timings, nothing personal); nil
	// discards.
	Logger *slog.Logger
}

// DefaultOptions returns a 500 KB budget, a 2000 px long edge and the default thresholds.
func DefaultOptions() Options {
	return Options{
		BudgetBytes:  500_000,
		LongEdge:     2000,
		MaxPixels:    64_000_000,
		MaxFileBytes: 64 << 20,
		Thresholds:   DefaultThresholds(),
	}
}

// Result is a processed document image and its quality report.
type Result struct {
	// JPEG is the encoded document image, at most Options.BudgetBytes long.
	JPEG []byte `json:"-"`
	// Bytes is len(JPEG).
	Bytes int `json:"bytes"`
	// Width and Height are the output's dimensions.
	Width  int `json:"width"`
	Height int `json:"height"`
	// Quality is the JPEG quality the budget search chose.
	Quality int `json:"quality"`
	// Format is the input's format; Orientation the EXIF orientation applied (0: none).
	Format      Format      `json:"format"`
	Orientation Orientation `json:"orientation"`
	// Crop is the outline used, in the upright input's pixels; AutoCrop tells whether it
	// was detected rather than given.
	Crop     Quad `json:"crop"`
	AutoCrop bool `json:"auto_crop"`
	// Measures are the quality measures; OK is true when all of them pass.
	Measures []Measure `json:"measures"`
	OK       bool      `json:"ok"`
}

// Advice lists what the operator should do about each failed measure.
func (r Result) Advice() []string {
	var out []string
	for _, m := range r.Measures {
		if !m.OK {
			out = append(out, m.Advice)
		}
	}
	return out
}

// Process reads one photo or scan of a document from r and returns the processed JPEG
// with its quality report. A refused input returns an error wrapping one of the package's
// sentinels (ErrEmpty, ErrNotImage, ErrUnsupportedFormat, ErrTruncated, ErrCorrupt,
// ErrTooLarge, ErrOverBudget); a picture of poor quality is not an error: see Result.OK.
//
// A JPEG is decoded by libjpeg-turbo at the smallest scale the output needs (the DCT
// does the first reduction) and only in the region of the document; anything libjpeg-turbo
// does not decode cleanly, and every other format, takes the general path: a full decode
// with Go's decoders.
func Process(ctx context.Context, r io.Reader, opts Options) (Result, error) {
	if err := opts.validate(); err != nil {
		return Result{}, err
	}
	data, err := readLimited(ctx, r, opts.MaxFileBytes)
	if err != nil {
		return Result{}, err
	}
	format, cfg, err := check(data, opts.MaxPixels)
	if err != nil {
		return Result{}, err
	}
	if format == FormatJPEG {
		if src, err := newJPEGSource(data, cfg.Width, cfg.Height); err == nil {
			data = nil // src holds it, and lets it go once decoded: a 48 MP file is 15 MB
			res, err := processJPEG(ctx, src, opts)
			if !errors.Is(err, errNoShortcut) {
				return res, err
			}
			data = src.data
		}
	}
	d, err := decode(ctx, data, format)
	if err != nil {
		return Result{}, err
	}
	return processImage(ctx, d, opts)
}

// ProcessImage runs the pipeline on an image already in memory (a camera still).
func ProcessImage(ctx context.Context, img image.Image, opts Options) (Result, error) {
	if err := opts.validate(); err != nil {
		return Result{}, err
	}
	return processImage(ctx, decoded{img: img}, opts)
}

func processImage(ctx context.Context, d decoded, opts Options) (Result, error) {
	res := Result{Format: d.format, Orientation: d.orientation}
	b := d.img.Bounds()
	switch {
	case opts.Crop != nil:
		if err := opts.Crop.validate(b); err != nil {
			return Result{}, err
		}
		res.Crop = *opts.Crop
	case opts.NoAutoCrop:
		res.Crop = RectQuad(b)
	default:
		res.Crop, res.AutoCrop = DetectQuad(d.img)
	}
	w, h := res.Crop.size()
	doc := cropTo(d.img, res.Crop, opts.LongEdge)
	return finish(ctx, res, doc, max(w, h), b.Size(), opts)
}

// processJPEG is Process for a JPEG decoded by libjpeg-turbo: a small decode (1/8 of a
// camera photo) to find the document, then a decode of the document's region alone at
// the smallest scale that still gives opts.LongEdge; or, for a photo of 4 x LongEdge
// and more, one decode to planes for both (jpegSource.planes).
func processJPEG(ctx context.Context, src *jpegSource, opts Options) (Result, error) {
	res := Result{Format: FormatJPEG, Orientation: src.orientation}
	full := src.size()
	bounds := image.Rectangle{Max: full}
	var small image.Image // the detection's decode, reused when it is all the output needs
	var smallScale turbojpeg.Scale
	switch {
	case opts.Crop != nil:
		if err := opts.Crop.validate(bounds); err != nil {
			return Result{}, err
		}
		res.Crop = *opts.Crop
	case opts.NoAutoCrop:
		res.Crop = RectQuad(bounds)
	default:
		if psc, ok := src.planesScale(opts.LongEdge); ok {
			// A large photo: one decode for the detection and the document.
			crop, auto, detected, doc, err := src.planes(ctx, psc, opts.LongEdge)
			if err != nil {
				return Result{}, err
			}
			if doc != nil {
				res.Crop, res.AutoCrop = crop, auto
				w, h := crop.size()
				return finish(ctx, res, doc, max(w, h), full, opts)
			}
			if detected {
				res.Crop, res.AutoCrop = crop, auto
				break
			}
		}
		smallScale = scaleFor(max(full.X, full.Y), detectEdge)
		copied, complete, err := src.detectionCopy(ctx, smallScale)
		if err != nil {
			return Result{}, err
		}
		q, ok := DetectQuad(copied)
		res.Crop, res.AutoCrop = RectQuad(bounds), ok
		if ok {
			res.Crop = unscaleQuad(q, copyScale(copied, full), bounds)
		}
		if complete {
			small = copied
		}
	}
	w, h := res.Crop.size()
	sc := scaleFor(max(w, h), opts.LongEdge)
	region := scaleRect(res.Crop.Bounds(), sc, full)
	var doc *image.NRGBA
	if res.Crop.isRect() && max(region.Dx(), region.Dy()) > opts.LongEdge {
		// The usual case: decode and resize in one pass, never holding the region.
		var err error
		if doc, err = src.decodeFit(ctx, sc, region, opts.LongEdge); err != nil {
			return Result{}, err
		}
	} else {
		img := small
		if small == nil || sc != smallScale || region != small.Bounds() {
			var err error
			if img, err = src.decode(ctx, sc, region); err != nil {
				return Result{}, err
			}
		}
		q := RectQuad(img.Bounds())
		if !res.Crop.isRect() {
			q = scaleQuad(res.Crop, sc, region.Min)
		}
		doc = cropTo(img, q, opts.LongEdge)
	}
	src.data = nil // decoded: the general path is no longer needed
	return finish(ctx, res, doc, max(w, h), full, opts)
}

// finish measures and encodes doc, the cropped document at its output size;
// capturedLongEdge is its long edge as captured, in is the input's size.
func finish(ctx context.Context, res Result, doc *image.NRGBA, capturedLongEdge int, in image.Point, opts Options) (Result, error) {
	// The measures and the encoding both only read doc: run them on two cores.
	measured := make(chan []Measure, 1)
	go func() { measured <- assess(doc, capturedLongEdge, opts.Thresholds) }()
	enc, err := encodeUnder(ctx, doc, opts.BudgetBytes)
	res.Measures = <-measured
	if err != nil {
		return Result{}, err
	}
	res.JPEG, res.Bytes, res.Quality = enc.data, len(enc.data), enc.quality
	res.Width, res.Height = enc.bounds.Dx(), enc.bounds.Dy()
	res.OK = true
	for _, m := range res.Measures {
		res.OK = res.OK && m.OK
	}
	if opts.Logger != nil {
		opts.Logger.DebugContext(ctx, "document processed", "format", res.Format, "in_w", in.X, "in_h", in.Y,
			"out_w", res.Width, "out_h", res.Height, "bytes", res.Bytes, "quality", res.Quality, "ok", res.OK)
	}
	return res, nil
}

func (o Options) validate() error {
	switch {
	case o.BudgetBytes < 10_000:
		return fmt.Errorf("document budget of %d bytes is too small (at least 10000)", o.BudgetBytes)
	case o.LongEdge < 64:
		return fmt.Errorf("document long edge of %d pixels is too small (at least 64)", o.LongEdge)
	case o.MaxPixels <= 0 || o.MaxFileBytes <= 0:
		return fmt.Errorf("document limits are not set: start from document.DefaultOptions")
	}
	return nil
}
