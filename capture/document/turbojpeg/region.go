package turbojpeg

/*
#cgo pkg-config: libjpeg
#include "ekjpeg.h"

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
	cinfo.err = ek_err_init(&err, 1);
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

// ek_decode_first_scan decodes only the first scan of a progressive JPEG (in the usual
// scripts, the DC coefficients of every component) at 1/8 scale into out (RGBA rows of
// stride bytes, w x h = the 1/8 size): a preview for the price of a few per cent of the
// file. It returns 3 when the file is not progressive, else like ek_decode_region.
static int ek_decode_first_scan(const unsigned char *data, unsigned long len, int w, int h,
		unsigned char *out, int stride, char *msg, int msglen) {
	struct jpeg_decompress_struct cinfo;
	ek_err err;
	memset(&cinfo, 0, sizeof cinfo);
	cinfo.err = ek_err_init(&err, 1);
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
