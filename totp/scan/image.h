/*
 * Images of the QR reader (qr.c) decoded to 8-bit gray: PNG through
 * libpng's simplified API, JPEG through libjpeg(-turbo). Dimensions are
 * checked against the limits from the header, before any pixel memory
 * is allocated; the decoders never print.
 */
#ifndef AA_TOTP_IMAGE_H
#define AA_TOTP_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "totp/scan/scan.h"

struct aa_totp_gray {
	unsigned char *px;  /* w * h bytes, row after row */
	uint32_t w, h;
};

/* AA_ERR_TOOBIG past lim, AA_ERR_PARSE for a broken image. */
int aa_totp_png_gray(const unsigned char *d, size_t len,
    const struct aa_totp_qr_limits *lim, struct aa_totp_gray *g);
int aa_totp_jpeg_gray(const unsigned char *d, size_t len,
    const struct aa_totp_qr_limits *lim, struct aa_totp_gray *g);
/* Wipe (a QR image is a seed) and free the pixels. */
void aa_totp_gray_release(struct aa_totp_gray *g);
/* 1 when w x h fits lim. */
int aa_totp_gray_fits(uint64_t w, uint64_t h,
    const struct aa_totp_qr_limits *lim);

#endif
