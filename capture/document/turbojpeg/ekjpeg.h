// ekjpeg.h: what the cgo files of package turbojpeg that call libjpeg directly share.
// Every function is static: each file that includes it gets its own copy.
#ifndef EKJPEG_H
#define EKJPEG_H

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

// ek_err_init readies e for a libjpeg decompressor or compressor: an error longjmps to
// e->jump with its message in e->msg and, when stop_on_warning is set, so does a warning
// (corrupt or truncated data), with e->warning set. It returns the manager for cinfo.err.
static struct jpeg_error_mgr *ek_err_init(ek_err *e, int stop_on_warning) {
	struct jpeg_error_mgr *m = jpeg_std_error(&e->pub);
	m->error_exit = ek_error_exit;
	if (stop_on_warning)
		m->emit_message = ek_emit_message;
	e->warning = 0;
	e->msg[0] = 0;
	return m;
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

#endif
