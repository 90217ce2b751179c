package turbojpeg

/*
#cgo pkg-config: libjpeg
#include "ekjpeg.h"

// ek_encode compresses w x h RGBX pixels (rows of stride bytes) to a 4:2:0 JPEG: the luma
// table at quality q, the chroma table at cq, the accurate integer DCT, optimised Huffman
// tables when optimize is set, a progressive script when progressive is. On success it
// returns 0 with *out (malloc'd by libjpeg, the caller frees it) and *outlen; else 1 with
// the message in msg.
static int ek_encode(const unsigned char *px, int w, int h, int stride, int q, int cq,
		int progressive, int optimize, unsigned char **out, unsigned long *outlen,
		char *msg, int msglen) {
	struct jpeg_compress_struct cinfo;
	ek_err err;
	memset(&cinfo, 0, sizeof cinfo);
	cinfo.err = ek_err_init(&err, 0);
	*out = NULL;
	*outlen = 0;
	if (setjmp(err.jump)) {
		snprintf(msg, msglen, "%s", err.msg);
		jpeg_destroy_compress(&cinfo);
		free(*out);
		*out = NULL;
		return 1;
	}
	jpeg_create_compress(&cinfo);
	jpeg_mem_dest(&cinfo, out, outlen);
	cinfo.image_width = w;
	cinfo.image_height = h;
	cinfo.input_components = 4;
	cinfo.in_color_space = JCS_EXT_RGBX;
	jpeg_set_defaults(&cinfo); // YCbCr, 2x2 luma sampling (4:2:0)
	jpeg_set_quality(&cinfo, q, TRUE);
	if (cq != q) {
		// Table 1 is the chroma table jpeg_set_quality scaled for q: scale it for cq.
		static const unsigned int std_chroma[DCTSIZE2] = {
			17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99,
			24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
			99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
			99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99};
		jpeg_add_quant_table(&cinfo, 1, std_chroma, jpeg_quality_scaling(cq), TRUE);
	}
	cinfo.dct_method = JDCT_ISLOW;
	cinfo.optimize_coding = optimize ? TRUE : FALSE;
	if (progressive)
		jpeg_simple_progression(&cinfo);
	jpeg_start_compress(&cinfo, TRUE);
	while (cinfo.next_scanline < cinfo.image_height) {
		JSAMPROW row[1] = {(JSAMPROW)(px + (size_t)cinfo.next_scanline * stride)};
		jpeg_write_scanlines(&cinfo, row, 1);
	}
	jpeg_finish_compress(&cinfo);
	jpeg_destroy_compress(&cinfo);
	return 0;
}
*/
import "C"

import "unsafe"

// encodeRGBX compresses w x h pixels of px (RGBX rows of stride bytes; see ek_encode).
// Go memory is passed for the call only; it holds no Go pointers (cgo rules allow it).
func encodeRGBX(px []byte, w, h, stride, quality, chromaQuality int, progressive, optimize bool) ([]byte, error) {
	var out *C.uchar
	var n C.ulong
	var msg [C.JMSG_LENGTH_MAX]C.char
	if C.ek_encode((*C.uchar)(unsafe.Pointer(&px[0])), C.int(w), C.int(h), C.int(stride),
		C.int(quality), C.int(chromaQuality), cbool(progressive), cbool(optimize), &out, &n,
		&msg[0], C.int(len(msg))) != 0 {
		return nil, &Error{Op: "encode", Msg: C.GoString(&msg[0])}
	}
	defer C.free(unsafe.Pointer(out))
	return C.GoBytes(unsafe.Pointer(out), C.int(n)), nil
}

func cbool(b bool) C.int {
	if b {
		return 1
	}
	return 0
}
