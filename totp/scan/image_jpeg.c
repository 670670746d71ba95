/*
 * JPEG to gray through libjpeg(-turbo). libjpeg's default error handler
 * exits the process and prints: here errors longjmp back, messages are
 * dropped, a progress monitor stops files with absurdly many progressive
 * scans (each one a pass over the whole image), and the memory manager
 * is capped. Dimensions are checked after the header, before
 * jpeg_start_decompress allocates.
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

#include "auth-audit/core/err.h"
#include "totp/scan/image.h"

#define JPEG_SCANS_MAX 100
#define JPEG_MEM_MAX (256L * 1024 * 1024)

struct jctx {
	struct jpeg_error_mgr err;     /* first: libjpeg casts to it */
	struct jpeg_progress_mgr prog;
	jmp_buf jb;
	int code;
	struct jpeg_decompress_struct *ci;
};

static void
j_error_exit(j_common_ptr c)
{
	struct jctx *j = (struct jctx *)c->err;

	longjmp(j->jb, 1);
}

static void
j_output_message(j_common_ptr c)
{
	(void)c; /* core code never prints */
}

static void
j_progress(j_common_ptr c)
{
	struct jctx *j = (struct jctx *)c->err;

	if (j->ci->input_scan_number > JPEG_SCANS_MAX) {
		j->code = AA_ERR_TOOBIG;
		longjmp(j->jb, 1);
	}
}

int
aa_totp_jpeg_gray(const unsigned char *d, size_t len,
    const struct aa_totp_qr_limits *lim, struct aa_totp_gray *g)
{
	struct jpeg_decompress_struct ci;
	struct jctx j;
	JSAMPROW row;

	memset(g, 0, sizeof(*g));
	memset(&j, 0, sizeof(j));
	memset(&ci, 0, sizeof(ci));
	ci.err = jpeg_std_error(&j.err);
	j.err.error_exit = j_error_exit;
	j.err.output_message = j_output_message;
	j.prog.progress_monitor = j_progress;
	j.code = AA_ERR_PARSE;
	j.ci = &ci;
	if (setjmp(j.jb) != 0) {
		jpeg_destroy_decompress(&ci);
		aa_totp_gray_release(g);
		return j.code;
	}
	jpeg_create_decompress(&ci);
	ci.progress = &j.prog;
	ci.mem->max_memory_to_use = JPEG_MEM_MAX;
	jpeg_mem_src(&ci, d, (unsigned long)len);
	if (jpeg_read_header(&ci, TRUE) != JPEG_HEADER_OK)
		longjmp(j.jb, 1);
	if (!aa_totp_gray_fits(ci.image_width, ci.image_height, lim)) {
		j.code = AA_ERR_TOOBIG;
		longjmp(j.jb, 1);
	}
	ci.out_color_space = JCS_GRAYSCALE;
	jpeg_start_decompress(&ci);
	if (ci.output_components != 1 || ci.output_width != ci.image_width ||
	    ci.output_height != ci.image_height)
		longjmp(j.jb, 1);
	if ((g->px = malloc((size_t)ci.output_width * ci.output_height)) ==
	    NULL) {
		j.code = AA_ERR_NOMEM;
		longjmp(j.jb, 1);
	}
	g->w = ci.output_width;
	g->h = ci.output_height;
	while (ci.output_scanline < ci.output_height) {
		row = g->px + (size_t)ci.output_scanline * ci.output_width;
		if (jpeg_read_scanlines(&ci, &row, 1) != 1)
			longjmp(j.jb, 1);
	}
	jpeg_finish_decompress(&ci);
	jpeg_destroy_decompress(&ci);
	return AA_OK;
}
