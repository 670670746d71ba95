/*
 * QR codes in images (Google Authenticator transfer codes, otpauth
 * screenshots), read in-process: the image is decoded to gray
 * (image_png.c, image_jpeg.c) within size limits, then libzbar's image
 * scanner, with every symbology but QR turned off, finds the codes.
 * Pixels are wiped after use: the picture of a QR code is its seed.
 */
#include <stdlib.h>
#include <string.h>

#include <zbar.h>

#include "auth-audit/core/buf.h"
#include "auth-audit/core/err.h"
#include "auth-audit/core/secret.h"
#include "totp/scan/image.h"
#include "totp/scan/scan.h"

void
aa_totp_qr_limits_default(struct aa_totp_qr_limits *l)
{
	l->bytes_max = AA_TOTP_QR_BYTES_MAX;
	l->dim_max = AA_TOTP_QR_DIM_MAX;
	l->pixels_max = AA_TOTP_QR_PIXELS_MAX;
}

int
aa_totp_gray_fits(uint64_t w, uint64_t h, const struct aa_totp_qr_limits *lim)
{
	return w > 0 && h > 0 && w <= lim->dim_max && h <= lim->dim_max &&
	    w * h <= lim->pixels_max;
}

void
aa_totp_gray_release(struct aa_totp_gray *g)
{
	if (g->px != NULL)
		aa_freezero(g->px, (size_t)g->w * g->h);
	memset(g, 0, sizeof(*g));
}

/* Each QR code's text, newline-terminated, into out. */
static int
scan_gray(const struct aa_totp_gray *g, struct aa_buf *out)
{
	zbar_image_scanner_t *sc = NULL;
	zbar_image_t *im = NULL;
	const zbar_symbol_t *sym;
	int n, r = AA_ERR_NOMEM;

	if ((sc = zbar_image_scanner_create()) == NULL ||
	    (im = zbar_image_create()) == NULL)
		goto out;
	zbar_image_scanner_set_config(sc, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
	zbar_image_scanner_set_config(sc, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
	zbar_image_set_format(im, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_set_size(im, g->w, g->h);
	/* No cleanup handler: the pixels stay ours. */
	zbar_image_set_data(im, g->px, (unsigned long)g->w * g->h, NULL);
	if ((n = zbar_scan_image(sc, im)) < 0) {
		r = AA_ERR_PARSE;
		goto out;
	}
	r = AA_ERR_NOTFOUND;
	for (sym = zbar_image_first_symbol(im); sym != NULL;
	    sym = zbar_symbol_next(sym)) {
		const char *d = zbar_symbol_get_data(sym);
		size_t len = zbar_symbol_get_data_length(sym);

		if (zbar_symbol_get_type(sym) != ZBAR_QRCODE || len == 0)
			continue;
		if (aa_buf_append(out, d, len) != AA_OK ||
		    aa_buf_append(out, "\n", 1) != AA_OK) {
			r = AA_ERR_TOOBIG;
			goto out;
		}
		r = AA_OK;
	}
out:
	if (im != NULL) {
		zbar_image_set_data(im, NULL, 0, NULL);
		zbar_image_destroy(im);
	}
	if (sc != NULL)
		zbar_image_scanner_destroy(sc);
	return r;
}

int
aa_totp_qr_decode(const void *img, size_t len,
    const struct aa_totp_qr_limits *lim, struct aa_buf *out)
{
	struct aa_totp_qr_limits dl;
	struct aa_totp_gray g = { NULL, 0, 0 };
	const unsigned char *d = img;
	int r;

	if (lim == NULL) {
		aa_totp_qr_limits_default(&dl);
		lim = &dl;
	}
	if (len > lim->bytes_max)
		return AA_ERR_TOOBIG;
	if (len >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
		r = aa_totp_png_gray(d, len, lim, &g);
	else if (len >= 3 && memcmp(d, "\xff\xd8\xff", 3) == 0)
		r = aa_totp_jpeg_gray(d, len, lim, &g);
	else
		return AA_ERR_UNSUPPORTED;
	if (r == AA_OK)
		r = scan_gray(&g, out);
	aa_totp_gray_release(&g);
	return r;
}
