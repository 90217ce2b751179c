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
	jpeg_create_decompress(&cinfo);
	jpeg_mem_src(&cinfo, data, len);
	jpeg_read_header(&cinfo, TRUE);
	cinfo.scale_num = num;
	cinfo.scale_denom = denom;
	cinfo.out_color_space = JCS_EXT_RGBA;
	jpeg_start_decompress(&cinfo);
	if (x < 0 || y < 0 || w <= 0 || h <= 0 || (JDIMENSION)(x + w) > cinfo.output_width ||
			(JDIMENSION)(y + h) > cinfo.output_height) {
		snprintf(msg, msglen, "region %dx%d+%d+%d is outside the %ux%u image", w, h, x, y,
			cinfo.output_width, cinfo.output_height);
		jpeg_destroy_decompress(&cinfo);
		return 1;
	}
	JDIMENSION xoff = x, cw = w;
	if (xoff > 0 || cw < cinfo.output_width)
		jpeg_crop_scanline(&cinfo, &xoff, &cw);
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
*/
import "C"

import (
	"image"
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
