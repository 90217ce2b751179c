package turbojpeg

/*
#cgo pkg-config: libjpeg
#include "ekjpeg.h"

// ek_reader decodes the rows of a region one batch at a time (ek_reader_read), so that
// they can be resized on another thread while the next batch is decoded.
typedef struct {
	struct jpeg_decompress_struct cinfo;
	ek_err err;
	JSAMPLE *row; // one scanline of the cropped decode
	JDIMENSION xoff;
	int x, w;
} ek_reader;

// ek_reader_open starts decoding the rectangle (x, y, w, h), in pixels of the image scaled
// by num/denom, and skips the rows above it. It returns NULL with *rc 1 on an error, 2 on
// a warning, and the message in msg.
static ek_reader *ek_reader_open(const unsigned char *data, unsigned long len, int num,
		int denom, int x, int y, int w, int h, int *rc, char *msg, int msglen) {
	ek_reader *r = calloc(1, sizeof *r);
	if (r == NULL) {
		snprintf(msg, msglen, "out of memory");
		*rc = 1;
		return NULL;
	}
	r->cinfo.err = ek_err_init(&r->err, 1);
	r->x = x;
	r->w = w;
	if (setjmp(r->err.jump)) {
		snprintf(msg, msglen, "%s", r->err.msg);
		*rc = r->err.warning ? 2 : 1;
		free(r->row);
		jpeg_destroy_decompress(&r->cinfo);
		free(r);
		return NULL;
	}
	if (ek_start_region(&r->cinfo, data, len, num, denom, x, y, w, h, &r->xoff, msg, msglen) != 0) {
		*rc = 1;
		free(r);
		return NULL;
	}
	r->row = malloc((size_t)r->cinfo.output_width * 4);
	if (r->row == NULL) {
		snprintf(msg, msglen, "out of memory");
		*rc = 1;
		jpeg_destroy_decompress(&r->cinfo);
		free(r);
		return NULL;
	}
	if (y > 0)
		jpeg_skip_scanlines(&r->cinfo, y);
	return r;
}

// ek_reader_read decodes the next n rows of the region into out, w RGBA pixels a row,
// packed. It returns 0, or 1 on an error and 2 on a warning with the message in msg;
// after an error only ek_reader_close may be called.
static int ek_reader_read(ek_reader *r, unsigned char *out, int n, char *msg, int msglen) {
	if (setjmp(r->err.jump)) {
		snprintf(msg, msglen, "%s", r->err.msg);
		return r->err.warning ? 2 : 1;
	}
	for (int i = 0; i < n; i++) {
		JSAMPROW rows[1] = {r->row};
		if (jpeg_read_scanlines(&r->cinfo, rows, 1) != 1) {
			snprintf(msg, msglen, "no scanline %u", r->cinfo.output_scanline);
			return 2;
		}
		memcpy(out + (size_t)i * r->w * 4, r->row + (size_t)(r->x - r->xoff) * 4, (size_t)r->w * 4);
	}
	return 0;
}

static void ek_reader_close(ek_reader *r) {
	free(r->row);
	jpeg_destroy_decompress(&r->cinfo);
	free(r);
}

// ek_v4 is one pixel's four channels as floats: GCC and Clang compile arithmetic on it to
// one SSE instruction for all four. malloc aligns it.
typedef float ek_v4 __attribute__((vector_size(16)));

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// ek_ycc_to_rgb turns n pixels of a from Y, Cb, Cr to R, G, B in place (JFIF's
// conversion, libjpeg's).
static void ek_ycc_to_rgb(ek_v4 *a, int n) {
	for (int i = 0; i < n; i++) {
		float y = a[i][0], cb = a[i][1] - 128, cr = a[i][2] - 128;
		a[i] = (ek_v4){y + 1.402f * cr, y - 0.344136f * cb - 0.714136f * cr, y + 1.772f * cb, 0};
	}
}

// ek_store writes n pixels of a, rounded and clamped to 0-255, as opaque RGBA.
static void ek_store(const ek_v4 *a, int n, unsigned char *o) {
#if defined(__SSE2__)
	const __m128i opaque = _mm_set1_epi32((int)0xff000000);
	for (int i = 0; i < n; i++) {
		__m128i v = _mm_cvtps_epi32((__m128)a[i]);
		v = _mm_packus_epi16(_mm_packs_epi32(v, v), v);
		int px = _mm_cvtsi128_si32(_mm_or_si128(v, opaque));
		memcpy(o + 4 * i, &px, 4);
	}
#else
	for (int i = 0; i < n; i++) {
		for (int c = 0; c < 3; c++) {
			float v = a[i][c] + 0.5f;
			o[4 * i + c] = v <= 0 ? 0 : v >= 255 ? 255 : (unsigned char)v;
		}
		o[4 * i + 3] = 255;
	}
#endif
}

// ek_fit resizes rows of w pixels to ow x oh as they arrive: each row is filtered
// horizontally (output column i takes xn[i] taps from column x0[i], weights xw[i*xt...])
// into a ring of the last yt filtered rows; once an output row's last source row is in,
// it is the sum of its vertical taps (y0, yn, yw with yt per row) over the ring. It holds
// yt filtered rows, never the source.
typedef struct {
	int w, ow, oh, xt, yt;
	int ycc; // the rows are Y, Cb, Cr: convert the output to RGB
	int *x0, *xn, *y0, *yn;
	float *xw, *yw;
	ek_v4 *frow, *ring, *acc;
	int sy, emit; // the next source row, the first output row not yet written
} ek_fit;

static void ek_fit_free(ek_fit *f) {
	free(f->x0);
	free(f->xn);
	free(f->y0);
	free(f->yn);
	free(f->xw);
	free(f->yw);
	free(f->frow);
	free(f->ring);
	free(f->acc);
	free(f);
}

static void *ek_dup(const void *p, size_t n) {
	void *q = malloc(n);
	if (q != NULL)
		memcpy(q, p, n);
	return q;
}

// ek_fit_new copies the taps (the caller's memory is not kept); NULL when out of memory.
// With ycc set, the rows are Y, Cb, Cr and the output is converted to RGB.
static ek_fit *ek_fit_new(int w, int ow, int oh, const int *x0, const int *xn,
		const float *xw, int xt, const int *y0, const int *yn, const float *yw, int yt, int ycc) {
	ek_fit *f = calloc(1, sizeof *f);
	if (f == NULL)
		return NULL;
	f->w = w, f->ow = ow, f->oh = oh, f->xt = xt, f->yt = yt, f->ycc = ycc;
	f->x0 = ek_dup(x0, (size_t)ow * sizeof(int));
	f->xn = ek_dup(xn, (size_t)ow * sizeof(int));
	f->xw = ek_dup(xw, (size_t)ow * xt * sizeof(float));
	f->y0 = ek_dup(y0, (size_t)oh * sizeof(int));
	f->yn = ek_dup(yn, (size_t)oh * sizeof(int));
	f->yw = ek_dup(yw, (size_t)oh * yt * sizeof(float));
	f->frow = malloc((size_t)w * sizeof(ek_v4));
	f->ring = malloc((size_t)yt * ow * sizeof(ek_v4));
	f->acc = malloc((size_t)ow * sizeof(ek_v4));
	if (!f->x0 || !f->xn || !f->xw || !f->y0 || !f->yn || !f->yw || !f->frow || !f->ring || !f->acc) {
		ek_fit_free(f);
		return NULL;
	}
	return f;
}

// ek_fit_rows takes the next n source rows (w RGBA pixels each, packed) and writes the
// output rows they complete into out (RGBA rows of stride bytes). It returns how many
// output rows are written so far.
static int ek_fit_rows(ek_fit *f, const unsigned char *src, int n, unsigned char *out, int stride) {
	const int ow = f->ow, oh = f->oh;
	for (int r = 0; r < n && f->emit < oh; r++, f->sy++) {
		const int sy = f->sy;
		const unsigned char *s = src + (size_t)r * f->w * 4;
		for (int i = 0; i < f->w; i++, s += 4)
			f->frow[i] = (ek_v4){s[0], s[1], s[2], 0};
		ek_v4 *tmp = f->ring + (size_t)(sy % f->yt) * ow;
		for (int i = 0; i < ow; i++) {
			// Two partial sums: one chain of dependent additions would wait on the
			// adder's latency at every tap.
			ek_v4 a0 = {0, 0, 0, 0}, a1 = a0;
			const ek_v4 *p = f->frow + f->x0[i];
			const float *wt = f->xw + (size_t)i * f->xt;
			const int n = f->xn[i];
			int j = 0;
			for (; j + 2 <= n; j += 2) {
				a0 += wt[j] * p[j];
				a1 += wt[j + 1] * p[j + 1];
			}
			if (j < n)
				a0 += wt[j] * p[j];
			tmp[i] = a0 + a1;
		}
		while (f->emit < oh && f->y0[f->emit] + f->yn[f->emit] - 1 <= sy) {
			const int oy = f->emit;
			const float *wt = f->yw + (size_t)oy * f->yt;
			ek_v4 *a = f->acc;
			for (int j = 0; j < f->yn[oy]; j++) {
				const ek_v4 *t = f->ring + (size_t)((f->y0[oy] + j) % f->yt) * ow;
				const float w = wt[j];
				if (j == 0)
					for (int i = 0; i < ow; i++)
						a[i] = w * t[i];
				else
					for (int i = 0; i < ow; i++)
						a[i] += w * t[i];
			}
			if (f->ycc)
				ek_ycc_to_rgb(a, ow);
			ek_store(a, ow, out + (size_t)oy * stride);
			f->emit++;
		}
	}
	return f->emit;
}

#if JPEG_LIB_VERSION >= 70
#define EK_SCALED(c) ((c)->DCT_v_scaled_size)
#else
#define EK_SCALED(c) ((c)->DCT_scaled_size)
#endif

// ek_planes is a 4:2:0 or grey JPEG decoded without colour conversion: the luma at the
// scale asked for, the chroma at half the luma's size each way (box-reduced where the
// decoder scales it up in the IDCT).
typedef struct {
	int ncomp;        // 1 (grey) or 3 (YCbCr)
	int w, h;         // the luma's size; the chroma's is (w+1)/2 x (h+1)/2
	unsigned char *y; // rows of w bytes
	unsigned char *cb, *cr;
} ek_planes;

static void ek_planes_free(ek_planes *p) {
	if (p == NULL)
		return;
	free(p->y);
	free(p->cb);
	free(p->cr);
	free(p);
}

// ek_decode_planes decodes data at num/denom into planes. It returns NULL with *rc 1 on
// an error, 2 on a warning (the message in msg), 3 for a JPEG it does not take
// (progressive, another colour space or sampling).
static ek_planes *ek_decode_planes(const unsigned char *data, unsigned long len, int num,
		int denom, int *rc, char *msg, int msglen) {
	struct jpeg_decompress_struct cinfo;
	ek_err err;
	ek_planes *volatile p = NULL;
	JSAMPLE *volatile scratch = NULL;
	memset(&cinfo, 0, sizeof cinfo);
	cinfo.err = ek_err_init(&err, 1);
	if (setjmp(err.jump)) {
		snprintf(msg, msglen, "%s", err.msg);
		*rc = err.warning ? 2 : 1;
		free(scratch);
		ek_planes_free(p);
		jpeg_destroy_decompress(&cinfo);
		return NULL;
	}
	jpeg_create_decompress(&cinfo);
	jpeg_mem_src(&cinfo, data, len);
	jpeg_read_header(&cinfo, TRUE);
	int nc = cinfo.num_components;
	jpeg_component_info *ci = cinfo.comp_info;
	int ok = !cinfo.progressive_mode &&
		((nc == 1 && cinfo.jpeg_color_space == JCS_GRAYSCALE) ||
		 (nc == 3 && cinfo.jpeg_color_space == JCS_YCbCr && ci[0].h_samp_factor == 2 &&
		  ci[0].v_samp_factor == 2 && ci[1].h_samp_factor == 1 && ci[1].v_samp_factor == 1 &&
		  ci[2].h_samp_factor == 1 && ci[2].v_samp_factor == 1));
	if (!ok) {
		*rc = 3;
		jpeg_destroy_decompress(&cinfo);
		return NULL;
	}
	cinfo.scale_num = num;
	cinfo.scale_denom = denom;
	cinfo.raw_data_out = TRUE;
	jpeg_start_decompress(&cinfo);
	p = calloc(1, sizeof *p);
	if (p == NULL)
		goto oom;
	p->ncomp = nc;
	p->w = ci[0].downsampled_width;
	p->h = ci[0].downsampled_height;
	const int cw = (p->w + 1) / 2, ch = (p->h + 1) / 2;
	p->y = malloc((size_t)p->w * p->h);
	if (nc == 3) {
		p->cb = malloc((size_t)cw * ch);
		p->cr = malloc((size_t)cw * ch);
	}
	// Each call returns one iMCU row: rows[c] rows of bw[c] samples per component.
	int rows[3], bw[3], off[3], total = 0;
	for (int c = 0; c < nc; c++) {
		rows[c] = ci[c].v_samp_factor * EK_SCALED(&ci[c]);
		bw[c] = ci[c].width_in_blocks * EK_SCALED(&ci[c]);
		off[c] = total;
		total += rows[c] * bw[c];
	}
	if (p->y == NULL || (nc == 3 && (p->cb == NULL || p->cr == NULL)) || rows[0] > 64 || (nc == 3 && rows[1] > 64))
		goto oom;
	if (nc == 3 && (int)ci[1].downsampled_width > cw && bw[1] < 2 * cw) {
		*rc = 3; // cannot happen: blocks pad the rows
		ek_planes_free(p);
		jpeg_destroy_decompress(&cinfo);
		return NULL;
	}
	scratch = malloc((size_t)total);
	if (scratch == NULL)
		goto oom;
	JSAMPROW ptrs[3][64];
	JSAMPARRAY arr[3];
	for (int c = 0; c < nc; c++) {
		for (int r = 0; r < rows[c]; r++)
			ptrs[c][r] = scratch + off[c] + (size_t)r * bw[c];
		arr[c] = ptrs[c];
	}
	// The chroma comes at the luma's size (reduce it 2x2) or at half of it (copy).
	const int full = nc == 3 && (int)ci[1].downsampled_width > cw;
	for (int ly = 0; cinfo.output_scanline < cinfo.output_height; ly += rows[0]) {
		if (jpeg_read_raw_data(&cinfo, arr, rows[0]) == 0) {
			snprintf(msg, msglen, "the data ends at row %d", ly);
			*rc = 2;
			free(scratch);
			ek_planes_free(p);
			jpeg_destroy_decompress(&cinfo);
			return NULL;
		}
		for (int r = 0; r < rows[0] && ly + r < p->h; r++)
			memcpy(p->y + (size_t)(ly + r) * p->w, ptrs[0][r], p->w);
		if (nc != 3)
			continue;
		for (int c = 1; c < 3; c++) {
			unsigned char *plane = c == 1 ? p->cb : p->cr;
			if (full) {
				// The decoder's rows are padded to whole blocks (bw >= 2 cw), so the
				// pairs never read past them.
				for (int r = 0; r < rows[c] && (ly + r) / 2 < ch; r += 2) {
					const JSAMPLE *a = ptrs[c][r], *b = ptrs[c][r + 1 < rows[c] ? r + 1 : r];
					unsigned char *o = plane + (size_t)((ly + r) / 2) * cw;
					for (int x = 0; x < cw; x++)
						o[x] = (a[2 * x] + a[2 * x + 1] + b[2 * x] + b[2 * x + 1] + 2) >> 2;
				}
			} else {
				for (int r = 0; r < rows[c] && ly / 2 + r < ch; r++)
					memcpy(plane + (size_t)(ly / 2 + r) * cw, ptrs[c][r], cw);
			}
		}
	}
	free(scratch);
	jpeg_abort_decompress(&cinfo);
	jpeg_destroy_decompress(&cinfo);
	return p;
oom:
	snprintf(msg, msglen, "out of memory");
	*rc = 1;
	free(scratch);
	ek_planes_free(p);
	jpeg_destroy_decompress(&cinfo);
	return NULL;
}

// ek_planes_gray writes the luma reduced f times each way (f x f averages, the last
// ones partial) into out, ceil(w/f) x ceil(h/f) bytes.
static void ek_planes_gray(const ek_planes *p, int f, unsigned char *out) {
	const int gw = (p->w + f - 1) / f, gh = (p->h + f - 1) / f;
	int *acc = calloc((size_t)gw, sizeof(int));
	if (acc == NULL)
		return;
	for (int gy = 0; gy < gh; gy++) {
		const int y0 = gy * f, y1 = y0 + f < p->h ? y0 + f : p->h;
		memset(acc, 0, (size_t)gw * sizeof(int));
		for (int y = y0; y < y1; y++) {
			const unsigned char *row = p->y + (size_t)y * p->w;
			int x = 0, gx = 0;
			for (; x + f <= p->w; x += f, gx++) {
				int s = 0;
				for (int k = 0; k < f; k++)
					s += row[x + k];
				acc[gx] += s;
			}
			for (; x < p->w; x++)
				acc[gx] += row[x];
		}
		for (int gx = 0; gx < gw; gx++) {
			int n = (y1 - y0) * ((gx + 1) * f <= p->w ? f : p->w - gx * f);
			out[(size_t)gy * gw + gx] = (unsigned char)((acc[gx] + n / 2) / n);
		}
	}
	free(acc);
}

// ek_planes_fit resizes the rectangle (x, y, w, h) of the luma (and the chroma under it)
// to the output f describes, into out (RGBA rows of stride bytes): each luma row is
// joined with its chroma row (nearest: the chroma is at half the size) as Y, Cb, Cr and
// fed to f, which converts to RGB. It returns the output rows written.
static int ek_planes_fit(const ek_planes *p, ek_fit *f, int x, int y, int w, int h,
		unsigned char *out, int stride) {
	unsigned char *row = malloc((size_t)w * 4);
	if (row == NULL)
		return 0;
	const int cw = (p->w + 1) / 2;
	int emitted = 0;
	for (int r = 0; r < h && emitted < f->oh; r++) {
		const unsigned char *ys = p->y + (size_t)(y + r) * p->w + x;
		if (p->ncomp == 3) {
			const unsigned char *cb = p->cb + (size_t)((y + r) / 2) * cw;
			const unsigned char *cr = p->cr + (size_t)((y + r) / 2) * cw;
			for (int i = 0; i < w; i++) {
				int cx = (x + i) / 2;
				row[4 * i] = ys[i], row[4 * i + 1] = cb[cx], row[4 * i + 2] = cr[cx], row[4 * i + 3] = 0;
			}
		} else {
			for (int i = 0; i < w; i++)
				row[4 * i] = ys[i], row[4 * i + 1] = 128, row[4 * i + 2] = 128, row[4 * i + 3] = 0;
		}
		emitted = ek_fit_rows(f, row, 1, out, stride);
	}
	free(row);
	return emitted;
}
*/
import "C"

import (
	"errors"
	"fmt"
	"image"
	"math"
	"slices"
	"sync"
	"unsafe"
)

// fitBatch is how many source rows DecodeFit decodes at a time; fitBatches of them are
// in flight between the decoding and the resizing goroutine.
const (
	fitBatch   = 16
	fitBatches = 3
)

// DecodeFit decodes the part r of the image scaled by s, like DecodeRegion, and resizes
// it to w x h (no larger than r) with a Lanczos-3 filter (imaging.Lanczos's) while the
// rows are decoded: one goroutine decodes batches of rows while another resizes the
// previous ones, so the resize costs no time on a second core. It holds a few rows at a
// time, never the region, so a document cut from a 48 MP photo costs the output's memory
// and no more.
func DecodeFit(data []byte, s Scale, r image.Rectangle, w, h int) (*image.NRGBA, error) {
	if len(data) == 0 || r.Empty() || s.Num <= 0 || s.Denom <= 0 || w <= 0 || h <= 0 || w > r.Dx() || h > r.Dy() {
		return nil, ErrArgument
	}
	xs, ys := newTaps(w, r.Dx()), newTaps(h, r.Dy())
	rows := min(int(ys.start[h-1]+ys.n[h-1]), r.Dy()) // the last output row's last source row
	var msg [C.JMSG_LENGTH_MAX]C.char
	var rc C.int
	rd := C.ek_reader_open((*C.uchar)(unsafe.Pointer(&data[0])), C.ulong(len(data)), C.int(s.Num), C.int(s.Denom),
		C.int(r.Min.X), C.int(r.Min.Y), C.int(r.Dx()), C.int(r.Dy()), &rc, &msg[0], C.int(len(msg)))
	if rd == nil {
		return nil, &Error{Op: "decode and resize", Msg: C.GoString(&msg[0]), Warning: rc == 2}
	}
	defer C.ek_reader_close(rd)
	f := C.ek_fit_new(C.int(r.Dx()), C.int(w), C.int(h), &xs.start[0], &xs.n[0], &xs.w[0], C.int(xs.taps),
		&ys.start[0], &ys.n[0], &ys.w[0], C.int(ys.taps), 0)
	if f == nil {
		return nil, &Error{Op: "decode and resize", Msg: "out of memory"}
	}
	defer C.ek_fit_free(f)

	type batch struct {
		pix []byte
		n   int
	}
	free := make(chan []byte, fitBatches)
	for range fitBatches {
		free <- make([]byte, fitBatch*r.Dx()*4)
	}
	full := make(chan batch, fitBatches)
	var decodeErr error
	go func() {
		defer close(full)
		var msg [C.JMSG_LENGTH_MAX]C.char
		for sy := 0; sy < rows; {
			pix := <-free
			n := min(fitBatch, rows-sy)
			if rc := C.ek_reader_read(rd, (*C.uchar)(unsafe.Pointer(&pix[0])), C.int(n), &msg[0], C.int(len(msg))); rc != 0 {
				decodeErr = &Error{Op: "decode and resize", Msg: C.GoString(&msg[0]), Warning: rc == 2}
				return
			}
			full <- batch{pix, n}
			sy += n
		}
	}()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	emitted := 0
	for b := range full {
		emitted = int(C.ek_fit_rows(f, (*C.uchar)(unsafe.Pointer(&b.pix[0])), C.int(b.n),
			(*C.uchar)(unsafe.Pointer(&img.Pix[0])), C.int(img.Stride)))
		free <- b.pix
	}
	// full is closed: the decoding goroutine is done with rd.
	if decodeErr != nil {
		return nil, decodeErr
	}
	if emitted < h {
		return nil, &Error{Op: "decode and resize", Msg: fmt.Sprintf("only %d of %d rows were resized", emitted, h)}
	}
	return img, nil
}

// taps are a Lanczos-3 filter's weights from n source pixels to m output pixels
// (m <= n), normalised to 1: output i takes n[i] pixels from start[i], with the weights at
// w[i*taps:]. The kernel is imaging.Lanczos's (sinc(x) sinc(x/3), |x| < 3), stretched by
// the reduction as imaging stretches it, so the output matches imaging.Resize's.
type taps struct {
	start, n []C.int
	w        []C.float
	taps     int
}

// lanczosSupport is the Lanczos-3 kernel's radius in output pixels.
const lanczosSupport = 3

// Lanczos is the Lanczos-3 kernel, sinc(x) sinc(x/3) for |x| < 3 and 0 beyond.
func Lanczos(x float64) float64 {
	x = math.Abs(x)
	if x >= lanczosSupport {
		return 0
	}
	if x < 1e-9 {
		return 1
	}
	px := math.Pi * x
	return lanczosSupport * math.Sin(px) * math.Sin(px/lanczosSupport) / (px * px)
}

func newTaps(m, n int) taps {
	scale := max(float64(n)/float64(m), 1)
	radius := math.Ceil(lanczosSupport * scale)
	t := taps{start: make([]C.int, m), n: make([]C.int, m), taps: int(2*radius) + 1}
	t.w = make([]C.float, m*t.taps)
	for v := range m {
		centre := (float64(v)+0.5)*float64(n)/float64(m) - 0.5
		lo, hi := max(int(math.Ceil(centre-radius)), 0), min(int(math.Floor(centre+radius)), n-1)
		ws := t.w[v*t.taps : (v+1)*t.taps]
		var sum float64
		first, count := -1, 0
		for u := lo; u <= hi && count < t.taps; u++ {
			k := Lanczos((float64(u) - centre) / scale)
			if k == 0 && first < 0 {
				continue
			}
			if first < 0 {
				first = u
			}
			ws[count] = C.float(k)
			sum += k
			count++
		}
		for count > 1 && ws[count-1] == 0 { // trailing zeros cost a multiply each
			count--
		}
		if first < 0 || sum == 0 { // cannot happen for m <= n; keep the nearest pixel
			first, count, sum = min(max(int(math.Round(centre)), 0), n-1), 1, 1
			ws[0] = 1
		}
		for i := range count {
			ws[i] = C.float(float64(ws[i]) / sum)
		}
		t.start[v], t.n[v] = C.int(first), C.int(count)
	}
	return t
}

// ErrNotPlanar is returned by DecodePlanes for a JPEG it does not decode to planes
// (progressive, CMYK, sampling other than 4:2:0): decode it another way.
var ErrNotPlanar = errors.New("turbojpeg: not a baseline 4:2:0 or grey JPEG")

// Planes is a JPEG decoded once, whole, without colour conversion: the luma at a scale
// and the chroma at half the luma's size (1.5 bytes a pixel, where RGBA takes 4). The
// document detection reads its luma (Gray) and the document is resized from it (Fit),
// so a large photo is entropy-decoded once. Close frees it; it is not safe for
// concurrent use.
type Planes struct {
	p *C.ek_planes
	// Width and Height are the luma's size.
	Width, Height int
}

// DecodePlanes decodes data at scale s to planes. A JPEG it does not take gives
// ErrNotPlanar; a warning (truncated or damaged data) an *Error with Warning set.
func DecodePlanes(data []byte, s Scale) (*Planes, error) {
	if len(data) == 0 || s.Num <= 0 || s.Denom <= 0 {
		return nil, ErrArgument
	}
	var msg [C.JMSG_LENGTH_MAX]C.char
	var rc C.int
	p := C.ek_decode_planes((*C.uchar)(unsafe.Pointer(&data[0])), C.ulong(len(data)), C.int(s.Num), C.int(s.Denom),
		&rc, &msg[0], C.int(len(msg)))
	if p == nil {
		if rc == 3 {
			return nil, ErrNotPlanar
		}
		return nil, &Error{Op: "decode to planes", Msg: C.GoString(&msg[0]), Warning: rc == 2}
	}
	return &Planes{p: p, Width: int(p.w), Height: int(p.h)}, nil
}

// Close frees the planes; it is safe to call twice.
func (p *Planes) Close() {
	if p.p != nil {
		C.ek_planes_free(p.p)
		p.p = nil
	}
}

// Gray is the luma reduced f times each way by averaging f x f blocks (the last ones
// partial): ceil(Width/f) x ceil(Height/f), for the document detection.
func (p *Planes) Gray(f int) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, (p.Width+f-1)/f, (p.Height+f-1)/f))
	C.ek_planes_gray(p.p, C.int(f), (*C.uchar)(unsafe.Pointer(&g.Pix[0])))
	return g
}

// Fit resizes the rectangle r of the planes (in luma pixels) to w x h (no larger than
// r), with DecodeFit's Lanczos-3 filter, into an opaque NRGBA image.
func (p *Planes) Fit(r image.Rectangle, w, h int) (*image.NRGBA, error) {
	if r.Empty() || !r.In(image.Rect(0, 0, p.Width, p.Height)) || w <= 0 || h <= 0 || w > r.Dx() || h > r.Dy() {
		return nil, ErrArgument
	}
	xs, ys := newTaps(w, r.Dx()), newTaps(h, r.Dy())
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	// Two halves of the output rows on two cores, each from the source rows it needs.
	parts := [][2]int{{0, h / 2}, {h / 2, h}}
	if h < 2 {
		parts = parts[1:]
	}
	errs := make([]error, len(parts))
	var wg sync.WaitGroup
	for i, part := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = p.fitRows(r, xs, ys, part[0], part[1], img)
		}()
	}
	wg.Wait()
	return img, errors.Join(errs...)
}

// fitRows writes the output rows [o0, o1) of Fit into img.
func (p *Planes) fitRows(r image.Rectangle, xs, ys taps, o0, o1 int, img *image.NRGBA) error {
	if o0 >= o1 {
		return nil
	}
	first := int(ys.start[o0])
	last := 0 // one past the last source row the part needs
	for o := o0; o < o1; o++ {
		last = max(last, int(ys.start[o]+ys.n[o]))
	}
	part := taps{start: slices.Clone(ys.start[o0:o1]), n: ys.n[o0:o1], w: ys.w[o0*ys.taps : o1*ys.taps], taps: ys.taps}
	for i := range part.start {
		part.start[i] -= C.int(first)
	}
	f := C.ek_fit_new(C.int(r.Dx()), C.int(img.Rect.Dx()), C.int(o1-o0), &xs.start[0], &xs.n[0], &xs.w[0], C.int(xs.taps),
		&part.start[0], &part.n[0], &part.w[0], C.int(part.taps), 1)
	if f == nil {
		return &Error{Op: "resize the planes", Msg: "out of memory"}
	}
	defer C.ek_fit_free(f)
	out := img.Pix[o0*img.Stride:]
	n := C.ek_planes_fit(p.p, f, C.int(r.Min.X), C.int(r.Min.Y+first), C.int(r.Dx()), C.int(last-first),
		(*C.uchar)(unsafe.Pointer(&out[0])), C.int(img.Stride))
	if int(n) < o1-o0 {
		return &Error{Op: "resize the planes", Msg: fmt.Sprintf("only %d of %d rows were resized", n, o1-o0)}
	}
	return nil
}
