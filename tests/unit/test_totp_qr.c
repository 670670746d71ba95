/*
 * QR images read in-process: a PNG from qrencode(1), and PNG/JPEG
 * variants of it this test writes with libpng and libjpeg (transparent
 * background, colour, progressive, absurd headers, too many scans), each
 * through aa_totp_qr_decode and its limits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <png.h>

#include "auth-audit/core/buf.h"
#include "auth-audit/core/err.h"
#include "tests/unit/tap.h"
#include "tests/unit/totp_fixtures.h"
#include "totp/scan/scan.h"

#define TEXT "otpauth://totp/Acme:alice?secret=VPNE6IBOYLEKZ2OUBD357BQDVIXYC6" \
    "62&issuer=Acme"

/* Decode and return the error code; the text (or "") in *text. */
static int
decode(const void *img, size_t len, const struct aa_totp_qr_limits *lim,
    char **text)
{
	struct aa_buf b;
	int r;

	aa_buf_init(&b, 1024 * 1024);
	r = aa_totp_qr_decode(img, len, lim, &b);
	aa_buf_puts(&b, "");
	*text = aa_buf_steal(&b);
	return r;
}

static void
reads(const void *img, size_t len, const char *name)
{
	char *t = NULL;
	int r = decode(img, len, NULL, &t);

	is_int(r, AA_OK, name);
	is_str(t, TEXT "\n", "its text, newline-terminated");
	free(t);
}

static void
refused(const void *img, size_t len, const struct aa_totp_qr_limits *lim,
    int want, const char *name)
{
	char *t = NULL;

	is_int(decode(img, len, lim, &t), want, name);
	free(t);
}

/* Gray pixels of a PNG (the test's own libpng read). */
static unsigned char *
png_pixels(const unsigned char *png, size_t len, unsigned *w, unsigned *h)
{
	png_image im;
	unsigned char *px;

	memset(&im, 0, sizeof(im));
	im.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&im, png, len))
		return NULL;
	im.format = PNG_FORMAT_GRAY;
	if ((px = malloc(PNG_IMAGE_SIZE(im))) == NULL ||
	    !png_image_finish_read(&im, NULL, px, 0, NULL)) {
		free(px);
		png_image_free(&im);
		return NULL;
	}
	*w = im.width;
	*h = im.height;
	return px;
}

static unsigned char *
png_write(const void *px, unsigned w, unsigned h, png_uint_32 format,
    size_t *len)
{
	png_image im;
	png_alloc_size_t n = 0;
	unsigned char *out;

	memset(&im, 0, sizeof(im));
	im.version = PNG_IMAGE_VERSION;
	im.width = w;
	im.height = h;
	im.format = format;
	if (!png_image_write_to_memory(&im, NULL, &n, 0, px, 0, NULL) ||
	    (out = malloc(n)) == NULL)
		return NULL;
	if (!png_image_write_to_memory(&im, out, &n, 0, px, 0, NULL)) {
		free(out);
		return NULL;
	}
	*len = n;
	return out;
}

static void
png_mem_write(png_structp p, png_bytep d, size_t n)
{
	struct aa_buf *b = png_get_io_ptr(p);

	aa_buf_append(b, d, n);
}

static void
png_mem_flush(png_structp p)
{
	(void)p;
}

/* An IHDR claiming w x h and one row of pixels: what a decompression
 * bomb shows before the rest of its (highly compressible) data. */
static unsigned char *
png_header_only(unsigned w, unsigned h, size_t *len)
{
	png_structp p;
	png_infop info;
	struct aa_buf b;
	unsigned char *volatile row = calloc(1, w);

	aa_buf_init(&b, 1024 * 1024);
	if (row == NULL)
		return NULL;
	if ((p = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL,
	    NULL)) == NULL || (info = png_create_info_struct(p)) == NULL)
		return NULL;
	if (setjmp(png_jmpbuf(p)) != 0) {
		png_destroy_write_struct(&p, &info);
		aa_buf_release(&b);
		free(row);
		return NULL;
	}
	png_set_write_fn(p, &b, png_mem_write, png_mem_flush);
	png_set_IHDR(p, info, w, h, 8, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
	    PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	/* Stored (level 0) rows past zlib's buffering, so IDAT is written. */
	png_set_compression_level(p, 0);
	png_write_info(p, info);
	for (unsigned y = 0; y <= 200000 / w; y++)
		png_write_row(p, row);
	png_destroy_write_struct(&p, &info);
	free(row);
	*len = b.len;
	return (unsigned char *)aa_buf_steal(&b);
}

/* A JPEG of gray pixels: 1 or 3 components; scans: NULL for baseline,
 * else a progressive scan script of nscans entries. */
static unsigned char *
jpeg_write(const unsigned char *px, unsigned w, unsigned h, int color,
    const jpeg_scan_info *scans, int nscans, size_t *len)
{
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr e;
	unsigned char *out = NULL, *row = malloc((size_t)w * 3);
	unsigned long n = 0;

	memset(&c, 0, sizeof(c));
	c.err = jpeg_std_error(&e);
	jpeg_create_compress(&c);
	jpeg_mem_dest(&c, &out, &n);
	c.image_width = w;
	c.image_height = h;
	c.input_components = color ? 3 : 1;
	c.in_color_space = color ? JCS_RGB : JCS_GRAYSCALE;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, 90, TRUE);
	if (scans != NULL) {
		c.scan_info = scans;
		c.num_scans = nscans;
	}
	jpeg_start_compress(&c, TRUE);
	while (c.next_scanline < h) {
		const unsigned char *src = px + (size_t)c.next_scanline * w;
		JSAMPROW rp = row;

		for (unsigned x = 0; x < w; x++) {
			if (color) {
				row[3 * x] = src[x];
				row[3 * x + 1] = (unsigned char)(src[x] / 2);
				row[3 * x + 2] = src[x];
			} else
				row[x] = src[x];
		}
		jpeg_write_scanlines(&c, &rp, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	free(row);
	*len = n;
	return out;
}

/* Set the frame size of a JPEG (the SOF0/SOF2 header) to w x h. */
static void
jpeg_claim(unsigned char *j, size_t len, unsigned w, unsigned h)
{
	for (size_t i = 2; i + 9 < len; i++)
		if (j[i] == 0xff && (j[i + 1] == 0xc0 || j[i + 1] == 0xc2)) {
			j[i + 5] = (unsigned char)(h >> 8);
			j[i + 6] = (unsigned char)h;
			j[i + 7] = (unsigned char)(w >> 8);
			j[i + 8] = (unsigned char)w;
			return;
		}
}

/* 1 + 63 * 2 scans: DC, then each AC coefficient first at Al=1 and then
 * refined, a valid progressive file over the 100-scan limit. */
static int
many_scans(jpeg_scan_info *s)
{
	int n = 0;

	s[n].comps_in_scan = 1;
	s[n].component_index[0] = 0;
	s[n].Ss = s[n].Se = 0;
	s[n].Ah = s[n].Al = 0;
	n++;
	for (int al = 1; al >= 0; al--)
		for (int k = 1; k <= 63; k++) {
			s[n].comps_in_scan = 1;
			s[n].component_index[0] = 0;
			s[n].Ss = s[n].Se = k;
			s[n].Ah = al == 1 ? 0 : 1;
			s[n].Al = al;
			n++;
		}
	return n;
}

static void
limits(const unsigned char *png, size_t plen, const unsigned char *jpg,
    size_t jlen, unsigned w, unsigned h)
{
	struct aa_totp_qr_limits lim;
	unsigned char *bomb, *big = malloc(AA_TOTP_QR_BYTES_MAX + 1);
	size_t n;

	aa_totp_qr_limits_default(&lim);
	lim.dim_max = w - 1;
	refused(png, plen, &lim, AA_ERR_TOOBIG, "PNG one pixel wider than "
	    "the dimension limit");
	refused(jpg, jlen, &lim, AA_ERR_TOOBIG, "JPEG one pixel wider than "
	    "the dimension limit");
	aa_totp_qr_limits_default(&lim);
	lim.pixels_max = (uint64_t)w * h - 1;
	refused(png, plen, &lim, AA_ERR_TOOBIG, "PNG one pixel over the "
	    "pixel limit");
	aa_totp_qr_limits_default(&lim);
	lim.bytes_max = plen - 1;
	refused(png, plen, &lim, AA_ERR_TOOBIG, "PNG one byte over the byte "
	    "limit");
	if (big != NULL) {
		memset(big, 0, AA_TOTP_QR_BYTES_MAX + 1);
		memcpy(big, png, plen);
		refused(big, AA_TOTP_QR_BYTES_MAX + 1, NULL, AA_ERR_TOOBIG,
		    "a 32 MiB + 1 byte file refused by default");
		free(big);
	}
	if ((bomb = png_header_only(100000, 100000, &n)) != NULL)
		refused(bomb, n, NULL, AA_ERR_TOOBIG, "PNG header claiming "
		    "100000 x 100000: refused before any pixel");
	else
		ok(0, "header-only PNG written");
	free(bomb);
	if ((bomb = png_header_only(16000, 16000, &n)) != NULL)
		refused(bomb, n, NULL, AA_ERR_TOOBIG, "PNG header claiming "
		    "16000 x 16000 (256 megapixels): refused");
	free(bomb);
	if ((bomb = malloc(jlen)) != NULL) {
		memcpy(bomb, jpg, jlen);
		jpeg_claim(bomb, jlen, 60000, 60000);
		refused(bomb, jlen, NULL, AA_ERR_TOOBIG, "JPEG frame claiming "
		    "60000 x 60000: refused before decompression");
		free(bomb);
	}
}

static void
broken(const unsigned char *png, size_t plen, const unsigned char *jpg,
    size_t jlen)
{
	struct aa_buf b;
	unsigned char *c;
	char *t;
	int r;

	refused(png, plen / 2, NULL, AA_ERR_PARSE, "truncated PNG: broken");
	r = decode(jpg, jlen / 2, NULL, &t);
	ok(r == AA_ERR_NOTFOUND || r == AA_ERR_PARSE, "truncated JPEG: no code "
	    "(%s)", aa_errname(r));
	free(t);
	if ((c = malloc(jlen)) != NULL) {
		memcpy(c, jpg, jlen);
		for (size_t i = jlen / 3; i < jlen / 3 + 64; i++)
			c[i] ^= 0x5a;
		r = decode(c, jlen, NULL, &t);
		ok(r == AA_OK || r == AA_ERR_NOTFOUND || r == AA_ERR_PARSE,
		    "scrambled JPEG data: an answer, no crash (%s)",
		    aa_errname(r));
		free(t);
		free(c);
	}
	refused("GIF89a\x01\x00\x01\x00", 10, NULL, AA_ERR_UNSUPPORTED,
	    "GIF: not read");
	refused("\x89PNX", 4, NULL, AA_ERR_UNSUPPORTED, "not an image");
	aa_buf_init(&b, 8);
	is_int(aa_totp_qr_decode(png, plen, NULL, &b), AA_ERR_TOOBIG,
	    "text longer than the output buffer: TOOBIG");
	aa_buf_release(&b);
}

int
main(void)
{
	static jpeg_scan_info scans[1 + 2 * 63];
	unsigned char *png, *px, *la, *v = NULL;
	unsigned w = 0, h = 0;
	size_t plen, n;
	unsigned char white[64 * 64];
	int ns;

	if ((png = totp_fx_qr_png(TEXT, &plen)) == NULL) {
		tap_skip("qrencode(1) is not installed (Debian package "
		    "qrencode; .ci/run installs it)");
		refused("GIF89a\x01\x00\x01\x00", 10, NULL, AA_ERR_UNSUPPORTED,
		    "GIF: not read");
		return tap_done();
	}
	reads(png, plen, "qrencode's PNG read");
	if ((px = png_pixels(png, plen, &w, &h)) == NULL) {
		ok(0, "PNG pixels");
		return tap_done();
	}

	/* Dark modules on a transparent background. */
	if ((la = malloc((size_t)w * h * 2)) != NULL) {
		for (size_t i = 0; i < (size_t)w * h; i++) {
			la[2 * i] = 0;
			la[2 * i + 1] = px[i] < 128 ? 255 : 0;
		}
		if ((v = png_write(la, w, h, PNG_FORMAT_GA, &n)) != NULL)
			reads(v, n, "transparent PNG read (white background)");
		free(v);
		free(la);
	}
	v = jpeg_write(px, w, h, 0, NULL, 0, &n);
	reads(v, n, "gray baseline JPEG read");
	limits(png, plen, v, n, w, h);
	broken(png, plen, v, n);
	free(v);
	ns = many_scans(scans);
	v = jpeg_write(px, w, h, 0, scans, 64, &n);
	reads(v, n, "progressive JPEG (64 scans) read");
	free(v);
	v = jpeg_write(px, w, h, 0, scans, ns, &n);
	refused(v, n, NULL, AA_ERR_TOOBIG, "progressive JPEG with 127 scans: "
	    "over the scan limit");
	free(v);
	v = jpeg_write(px, w, h, 1, NULL, 0, &n);
	reads(v, n, "colour JPEG read");
	free(v);

	memset(white, 255, sizeof(white));
	if ((v = png_write(white, 64, 64, PNG_FORMAT_GRAY, &n)) != NULL)
		refused(v, n, NULL, AA_ERR_NOTFOUND, "blank PNG: no QR code");
	free(v);
	free(px);
	free(png);
	return tap_done();
}
