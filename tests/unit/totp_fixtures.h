/*
 * Generated TOTP backup fixtures for the unit tests: every format the
 * scanner reads, built from the known entries below (plaintext formats by
 * hand, encrypted ones with totp/writer.h). Nothing is copied from
 * elsewhere.
 */
#ifndef AA_TEST_TOTP_FIXTURES_H
#define AA_TEST_TOTP_FIXTURES_H

#include <stddef.h>

struct totp_fx_entry {
	const char *issuer, *name, *secret, *algo;
	int digits, period;
};

#define TOTP_FX_N 4
extern const struct totp_fx_entry totp_fx_entries[TOTP_FX_N];
/* Seeds that appear only in the exposure fixtures (log, SQL dump). */
extern const char *const totp_fx_exposed[2];
extern const char totp_fx_password[];

struct totp_fx_file {
	const char *name;    /* file name inside the fixture dir */
	const char *format;  /* what the scanner must call it */
	int encrypted;
	size_t entries;
};

#define TOTP_FX_FILES 18
extern const struct totp_fx_file totp_fx_files[TOTP_FX_FILES];

/*
 * Bytes of fixture `name` (malloc'd, *len set). KDFs use small cost
 * parameters so tests stay fast (which makes them "weak" on purpose),
 * except "aegis_strong.json" (N=2^15).
 */
unsigned char *totp_fx_build(const char *name, size_t *len);
/* Write every fixture into dir; 0 on success. */
int totp_fx_write_all(const char *dir);
/*
 * A PNG of a QR code holding text, made by Debian's qrencode(1) (an
 * independent encoder, run with execvp; 4-pixel modules, 4-module quiet
 * zone). malloc'd bytes, or NULL when qrencode is not installed.
 */
unsigned char *totp_fx_qr_png(const char *text, size_t *len);
/* Write len bytes to dir/name; 0 on success. */
int totp_fx_write(const char *dir, const char *name, const void *p,
    size_t len);

#endif
