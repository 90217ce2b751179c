package turbojpeg

/*
#cgo pkg-config: libjpeg
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <jpeglib.h>

typedef struct {
	struct jpeg_error_mgr pub;
	jmp_buf jump;
	char msg[JMSG_LENGTH_MAX];
	int warning;
} ek_err;

static void ek_error_exit(j_common_ptr c) {
	ek_err *e = (ek_err *)c->err;
	(*c->err->format_message)(c, e->msg);
	longjmp(e->jump, 1);
}

// A warning (corrupt or truncated data) stops the decode: the caller decides what to do.
static void ek_emit_message(j_common_ptr c, int level) {
	if (level < 0) {
		ek_err *e = (ek_err *)c->err;
		e->warning = 1;
		(*c->err->format_message)(c, e->msg);
		longjmp(e->jump, 1);
	}
}

// ek_start_region starts decoding data at num/denom into RGBA and crops its scanlines to
// the columns of the rectangle (x, y, w, h), which must lie inside the scaled image; xoff
// is where the cropped scanlines start (libjpeg-turbo rounds it down to an iMCU edge). It
// returns 1, with msg set and cinfo destroyed, for a rectangle outside the image. A
// decoding error longjmps to the caller's setjmp, which must be set before the call.
static int ek_start_region(struct jpeg_decompress_struct *cinfo, const unsigned char *data,
		unsigned long len, int num, int denom, int x, int y, int w, int h, JDIMENSION *xoff,
		char *msg, int msglen) {
	jpeg_create_decompress(cinfo);
	jpeg_mem_src(cinfo, data, len);
	jpeg_read_header(cinfo, TRUE);
	cinfo->scale_num = num;
	cinfo->scale_denom = denom;
	cinfo->out_color_space = JCS_EXT_RGBA;
	jpeg_start_decompress(cinfo);
	if (x < 0 || y < 0 || w <= 0 || h <= 0 || (JDIMENSION)(x + w) > cinfo->output_width ||
			(JDIMENSION)(y + h) > cinfo->output_height) {
		snprintf(msg, msglen, "region %dx%d+%d+%d is outside the %ux%u image", w, h, x, y,
			cinfo->output_width, cinfo->output_height);
		jpeg_destroy_decompress(cinfo);
		return 1;
	}
	JDIMENSION cw = w;
	*xoff = x;
	if (*xoff > 0 || cw < cinfo->output_width)
		jpeg_crop_scanline(cinfo, xoff, &cw);
	return 0;
}

// ek_decode_region decodes the rectangle (x, y, w, h), in pixels of the image scaled by
// num/denom, into out as RGBA rows of stride bytes. Only the columns the rectangle needs
// are decoded (jpeg_crop_scanline), the rows above are skipped and the decode stops after
// its last row. It returns 0, 1 on an error or 2 on a warning, with the message in msg.
static int ek_decode_region(const unsigned char *data, unsigned long len, int num, int denom,
		int x, int y, int w, int h, unsigned char *out, int stride, char *msg, int msglen) {
	struct jpeg_decompress_struct cinfo;
	ek_err err;
	JSAMPLE *volatile row = NULL;
	memset(&cinfo, 0, sizeof cinfo);
	cinfo.err = jpeg_std_error(&err.pub);
	err.pub.error_exit = ek_error_exit;
	err.pub.emit_message = ek_emit_message;
	err.warning = 0;
	err.msg[0] = 0;
	if (setjmp(err.jump)) {
		snprintf(msg, msglen, "%s", err.msg);
		free(row);
		jpeg_destroy_decompress(&cinfo);
		return err.warning ? 2 : 1;
	}
	JDIMENSION xoff;
	if (ek_start_region(&cinfo, data, len, num, denom, x, y, w, h, &xoff, msg, msglen) != 0)
		return 1;
	row = malloc((size_t)cinfo.output_width * 4);
	if (row == NULL) {
		snprintf(msg, msglen, "out of memory");
		jpeg_destroy_decompress(&cinfo);
		return 1;
	}
	if (y > 0)
		jpeg_skip_scanlines(&cinfo, y);
	for (int i = 0; i < h; i++) {
		JSAMPROW rows[1] = {row};
		if (jpeg_read_scanlines(&cinfo, rows, 1) != 1) {
			snprintf(msg, msglen, "no scanline %d", y + i);
			free(row);
			jpeg_destroy_decompress(&cinfo);
			return 2;
		}
		memcpy(out + (size_t)i * stride, row + (size_t)(x - xoff) * 4, (size_t)w * 4);
	}
	free(row);
	jpeg_abort_decompress(&cinfo);
	jpeg_destroy_decompress(&cinfo);
	return 0;
}

// ek_v4 is one pixel's four channels as floats: GCC and Clang compile arithmetic on it to
// one SSE instruction for all four.
typedef float ek_v4 __attribute__((vector_size(16)));

// ek_decode_fit decodes the rectangle (x, y, w, h) like ek_decode_region and resizes it
// to ow x oh as the rows arrive: each row is filtered horizontally (xs: for output column
// i, taps xn[i] from column x0[i], weights xw[i*xt...]), then added into the output rows
// whose vertical taps (y0, yn, yw with yt per row) include it; an output row is written
// once its last source row has been added. It keeps k output rows in flight, so it needs
// a few rows of memory and never the region. Pixels are filtered as ek_v4 (malloc aligns
// them for it).
static int ek_decode_fit(const unsigned char *data, unsigned long len, int num, int denom,
		int x, int y, int w, int h, int ow, int oh,
		const int *x0, const int *xn, const float *xw, int xt,
		const int *y0, const int *yn, const float *yw, int yt, int k,
		unsigned char *out, int stride, char *msg, int msglen) {
	struct jpeg_decompress_struct cinfo;
	ek_err err;
	JSAMPLE *volatile row = NULL;
	ek_v4 *volatile frow = NULL;
	ek_v4 *volatile tmp = NULL;
	ek_v4 *volatile acc = NULL;
	memset(&cinfo, 0, sizeof cinfo);
	cinfo.err = jpeg_std_error(&err.pub);
	err.pub.error_exit = ek_error_exit;
	err.pub.emit_message = ek_emit_message;
	err.warning = 0;
	err.msg[0] = 0;
	if (setjmp(err.jump)) {
		snprintf(msg, msglen, "%s", err.msg);
		free(row);
		free(frow);
		free(tmp);
		free(acc);
		jpeg_destroy_decompress(&cinfo);
		return err.warning ? 2 : 1;
	}
	JDIMENSION xoff;
	if (ek_start_region(&cinfo, data, len, num, denom, x, y, w, h, &xoff, msg, msglen) != 0)
		return 1;
	row = malloc((size_t)cinfo.output_width * 4);
	frow = malloc((size_t)w * sizeof(ek_v4));
	tmp = malloc((size_t)ow * sizeof(ek_v4));
	acc = calloc((size_t)k * ow, sizeof(ek_v4));
	if (row == NULL || frow == NULL || tmp == NULL || acc == NULL) {
		snprintf(msg, msglen, "out of memory");
		free(row);
		free(frow);
		free(tmp);
		free(acc);
		jpeg_destroy_decompress(&cinfo);
		return 1;
	}
	if (y > 0)
		jpeg_skip_scanlines(&cinfo, y);
	int emit = 0; // the first output row not yet written
	for (int sy = 0; sy < h && emit < oh; sy++) {
		JSAMPROW rows[1] = {row};
		if (jpeg_read_scanlines(&cinfo, rows, 1) != 1) {
			snprintf(msg, msglen, "no scanline %d", y + sy);
			free(row);
			free(frow);
			free(tmp);
			free(acc);
			jpeg_destroy_decompress(&cinfo);
			return 2;
		}
		const JSAMPLE *src = row + (size_t)(x - xoff) * 4;
		for (int i = 0; i < w; i++, src += 4)
			frow[i] = (ek_v4){src[0], src[1], src[2], 0};
		for (int i = 0; i < ow; i++) {
			ek_v4 s = {0, 0, 0, 0};
			const ek_v4 *p = frow + x0[i];
			const float *wt = xw + (size_t)i * xt;
			for (int j = 0; j < xn[i]; j++)
				s += wt[j] * p[j];
			tmp[i] = s;
		}
		for (int oy = emit; oy < oh && y0[oy] <= sy; oy++) {
			int j = sy - y0[oy];
			if (j >= yn[oy])
				continue;
			float wt = yw[(size_t)oy * yt + j];
			ek_v4 *a = acc + (size_t)(oy % k) * ow;
			for (int i = 0; i < ow; i++)
				a[i] += wt * tmp[i];
		}
		while (emit < oh && y0[emit] + yn[emit] - 1 <= sy) {
			ek_v4 *a = acc + (size_t)(emit % k) * ow;
			unsigned char *o = out + (size_t)emit * stride;
			for (int i = 0; i < ow; i++) {
				for (int c = 0; c < 3; c++) {
					float v = a[i][c] + 0.5f;
					o[4 * i + c] = v <= 0 ? 0 : v >= 255 ? 255 : (unsigned char)v;
				}
				o[4 * i + 3] = 255;
			}
			memset(a, 0, (size_t)ow * sizeof(ek_v4));
			emit++;
		}
	}
	free(row);
	free(frow);
	free(tmp);
	free(acc);
	jpeg_abort_decompress(&cinfo);
	jpeg_destroy_decompress(&cinfo);
	if (emit < oh) {
		snprintf(msg, msglen, "only %d of %d rows were resized", emit, oh);
		return 1;
	}
	return 0;
}

// ek_decode_first_scan decodes only the first scan of a progressive JPEG (in the usual
// scripts, the DC coefficients of every component) at 1/8 scale into out (RGBA rows of
// stride bytes, w x h = the 1/8 size): a preview for the price of a few per cent of the
// file. It returns 3 when the file is not progressive, else like ek_decode_region.
static int ek_decode_first_scan(const unsigned char *data, unsigned long len, int w, int h,
		unsigned char *out, int stride, char *msg, int msglen) {
	struct jpeg_decompress_struct cinfo;
	ek_err err;
	memset(&cinfo, 0, sizeof cinfo);
	cinfo.err = jpeg_std_error(&err.pub);
	err.pub.error_exit = ek_error_exit;
	err.pub.emit_message = ek_emit_message;
	err.warning = 0;
	err.msg[0] = 0;
	if (setjmp(err.jump)) {
		snprintf(msg, msglen, "%s", err.msg);
		jpeg_destroy_decompress(&cinfo);
		return err.warning ? 2 : 1;
	}
	jpeg_create_decompress(&cinfo);
	jpeg_mem_src(&cinfo, data, len);
	jpeg_read_header(&cinfo, TRUE);
	if (!cinfo.progressive_mode) {
		jpeg_destroy_decompress(&cinfo);
		return 3;
	}
	cinfo.buffered_image = TRUE;
	cinfo.scale_num = 1;
	cinfo.scale_denom = 8;
	cinfo.out_color_space = JCS_EXT_RGBA;
	jpeg_start_decompress(&cinfo);
	if ((int)cinfo.output_width != w || (int)cinfo.output_height != h) {
		snprintf(msg, msglen, "1/8 size is %ux%u, not %dx%d", cinfo.output_width, cinfo.output_height, w, h);
		jpeg_destroy_decompress(&cinfo);
		return 1;
	}
	for (;;) {
		int rc = jpeg_consume_input(&cinfo);
		if (rc == JPEG_SCAN_COMPLETED || rc == JPEG_REACHED_EOI)
			break;
		if (rc == JPEG_SUSPENDED) {
			snprintf(msg, msglen, "the first scan ends early");
			jpeg_destroy_decompress(&cinfo);
			return 2;
		}
	}
	jpeg_start_output(&cinfo, cinfo.input_scan_number);
	while (cinfo.output_scanline < cinfo.output_height) {
		JSAMPROW rows[1] = {out + (size_t)cinfo.output_scanline * stride};
		if (jpeg_read_scanlines(&cinfo, rows, 1) != 1) {
			snprintf(msg, msglen, "no scanline %u", cinfo.output_scanline);
			jpeg_destroy_decompress(&cinfo);
			return 2;
		}
	}
	jpeg_abort_decompress(&cinfo);
	jpeg_destroy_decompress(&cinfo);
	return 0;
}
*/
import "C"

import (
	"errors"
	"image"
	"math"
	"unsafe"
)

// DecodeRegion decodes the part r of the image scaled by s (r in scaled pixels) into an
// opaque NRGBA image with its origin at (0, 0). It decodes only what r needs: the
// columns outside r are cropped in the decoder, the rows above are skipped and it stops
// after r's last row, so memory is r's size and not the image's. A warning (corrupt or
// truncated data inside r) is an *Error with Warning set.
func DecodeRegion(data []byte, s Scale, r image.Rectangle) (*image.NRGBA, error) {
	if len(data) == 0 || r.Empty() || s.Num <= 0 || s.Denom <= 0 {
		return nil, ErrArgument
	}
	img := image.NewNRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
	var msg [C.JMSG_LENGTH_MAX]C.char
	rc := C.ek_decode_region((*C.uchar)(unsafe.Pointer(&data[0])), C.ulong(len(data)), C.int(s.Num), C.int(s.Denom),
		C.int(r.Min.X), C.int(r.Min.Y), C.int(r.Dx()), C.int(r.Dy()),
		(*C.uchar)(unsafe.Pointer(&img.Pix[0])), C.int(img.Stride), &msg[0], C.int(len(msg)))
	if rc != 0 {
		return nil, &Error{Op: "decode region", Msg: C.GoString(&msg[0]), Warning: rc == 2}
	}
	return img, nil
}

// ErrNotProgressive is returned by DecodeFirstScan for a baseline JPEG.
var ErrNotProgressive = errors.New("turbojpeg: not a progressive JPEG")

// DecodeFirstScan decodes only the first scan of a progressive JPEG (usually every
// component's DC coefficients, a few per cent of the file) at 1/8 scale: the picture
// libjpeg-turbo would give at 1/8, a little coarser, without decoding the rest. A
// baseline JPEG gives ErrNotProgressive.
func DecodeFirstScan(data []byte) (*image.NRGBA, error) {
	hd, err := ReadHeader(data)
	if err != nil {
		return nil, err
	}
	s := Scale{1, 8}
	img := image.NewNRGBA(image.Rect(0, 0, s.Of(hd.Width), s.Of(hd.Height)))
	var msg [C.JMSG_LENGTH_MAX]C.char
	rc := C.ek_decode_first_scan((*C.uchar)(unsafe.Pointer(&data[0])), C.ulong(len(data)),
		C.int(img.Rect.Dx()), C.int(img.Rect.Dy()), (*C.uchar)(unsafe.Pointer(&img.Pix[0])), C.int(img.Stride),
		&msg[0], C.int(len(msg)))
	switch rc {
	case 0:
		return img, nil
	case 3:
		return nil, ErrNotProgressive
	}
	return nil, &Error{Op: "decode the first scan", Msg: C.GoString(&msg[0]), Warning: rc == 2}
}

// DecodeFit decodes the part r of the image scaled by s, like DecodeRegion, and resizes
// it to w x h (no larger than r) with a Lanczos-3 filter (imaging.Lanczos's) while the rows are
// decoded: it holds a few rows at a time, never the region, so a document cut from a
// 48 MP photo costs the output's memory and no more.
func DecodeFit(data []byte, s Scale, r image.Rectangle, w, h int) (*image.NRGBA, error) {
	if len(data) == 0 || r.Empty() || s.Num <= 0 || s.Denom <= 0 || w <= 0 || h <= 0 || w > r.Dx() || h > r.Dy() {
		return nil, ErrArgument
	}
	xs, ys := newTaps(w, r.Dx()), newTaps(h, r.Dy())
	// Output rows in flight: those whose taps start at or before a source row that an
	// earlier output row still needs.
	k := 1
	for oy := range h {
		n := 1
		for o := oy + 1; o < h && ys.start[o] <= ys.start[oy]+ys.n[oy]-1; o++ {
			n++
		}
		k = max(k, n)
	}
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	var msg [C.JMSG_LENGTH_MAX]C.char
	rc := C.ek_decode_fit((*C.uchar)(unsafe.Pointer(&data[0])), C.ulong(len(data)), C.int(s.Num), C.int(s.Denom),
		C.int(r.Min.X), C.int(r.Min.Y), C.int(r.Dx()), C.int(r.Dy()), C.int(w), C.int(h),
		&xs.start[0], &xs.n[0], &xs.w[0], C.int(xs.taps),
		&ys.start[0], &ys.n[0], &ys.w[0], C.int(ys.taps), C.int(k),
		(*C.uchar)(unsafe.Pointer(&img.Pix[0])), C.int(img.Stride), &msg[0], C.int(len(msg)))
	if rc != 0 {
		return nil, &Error{Op: "decode and resize", Msg: C.GoString(&msg[0]), Warning: rc == 2}
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
