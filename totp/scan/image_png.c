/*
 * PNG to gray through libpng's simplified API: it reports errors in the
 * png_image (no setjmp here, nothing printed), converts any colour type
 * and bit depth, and composes transparency onto the background we give.
 * libpng's own limits also apply (ancillary chunks at most 8 MB each).
 */
#include <stdlib.h>
#include <string.h>

#include <png.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/secret.h"
#include "totp/scan/image.h"

int
aa_totp_png_gray(const unsigned char *d, size_t len,
    const struct aa_totp_qr_limits *lim, struct aa_totp_gray *g)
{
	/* Screenshots of QR codes often have a transparent background:
	 * white keeps the dark modules dark. */
	png_color white = { 255, 255, 255 };
	png_image im;
	size_t n;
	int r = AA_ERR_PARSE;

	memset(g, 0, sizeof(*g));
	memset(&im, 0, sizeof(im));
	im.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&im, d, len))
		goto out;
	if (!aa_totp_gray_fits(im.width, im.height, lim)) {
		r = AA_ERR_TOOBIG;
		goto out;
	}
	im.format = PNG_FORMAT_GRAY;
	n = PNG_IMAGE_SIZE(im);
	if ((g->px = malloc(n)) == NULL) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	g->w = im.width;
	g->h = im.height;
	if (!png_image_finish_read(&im, &white, g->px, 0, NULL)) {
		aa_totp_gray_release(g);
		goto out;
	}
	r = AA_OK;
out:
	png_image_free(&im);
	return r;
}
