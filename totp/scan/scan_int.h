/*
 * Internal state of one `totp scan` run, shared by the walker (scan.c)
 * and the result builder (scan_results.c).
 */
#ifndef AA_TOTP_SCAN_INT_H
#define AA_TOTP_SCAN_INT_H

#include "totp/scan/scan.h"

struct aa_totp_seedref {
	unsigned char h[32];
	char *where;  /* "file: issuer/name" */
	char *acct;   /* lower-case account name without an "issuer:" prefix */
};

struct aa_totp_scan_run {
	const struct aa_totp_scan_opts *o;
	struct aa_redact *red;
	json_t *errors;
	struct aa_totp_scan_stats *st;
	json_t *plain, *weakkdf, *weakseed, *exposed;
	unsigned long nplain, nweakkdf, nweakseed, nexposed, ntext, nlocked;
	struct aa_totp_seedref *seeds;
	size_t nseeds, capseeds;
	struct aa_totp_kdf_work work;   /* KDF work spent (totp/kdf.h) */
};

/* Append item (stolen) to an evidence list capped at AA_TOTP_EVIDENCE_MAX. */
void aa_totp_scan_push(json_t *arr, json_t *item);
/* The five offline results from what the walk collected. */
int aa_totp_scan_results(struct aa_totp_scan_run *s, struct aa_report *rep);

#endif
