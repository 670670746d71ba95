/*
 * Google Authenticator "Transfer accounts" payload, decoded by hand
 * (research/totp.md §1.1): MigrationPayload { repeated OtpParameters = 1;
 * version = 2; batch_size = 3; batch_index = 4; batch_id = 5 } with
 * OtpParameters { bytes secret = 1; name = 2; issuer = 3; algorithm = 4;
 * digits = 5 (enum: 1 = six, 2 = eight); type = 6 (1 hotp, 2 totp);
 * counter = 7; unique_id = 8 }. Every length is checked against the
 * remaining input; varints may be 10 bytes (negative int32 batch_id).
 */
/* This file implements test-only exports of its header. */
#define AA_TEST_INTERNAL

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth-audit/core/b64.h"
#include "auth-audit/core/err.h"
#include "totp/backup/backup.h"

#define STR_MAX 1024

struct pb {
	const unsigned char *p, *end;
};

static int
varint(struct pb *in, uint64_t *out)
{
	uint64_t v = 0;

	for (unsigned shift = 0; shift < 70; shift += 7) {
		unsigned char c;

		if (in->p >= in->end)
			return AA_ERR_PARSE;
		c = *in->p++;
		if (shift == 63 && (c & 0x7e) != 0)
			return AA_ERR_PARSE;
		v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80)) {
			*out = v;
			return AA_OK;
		}
	}
	return AA_ERR_PARSE;
}

/* Next field: number, wire type, and for wire type 2 the bytes. */
static int
field(struct pb *in, unsigned *num, unsigned *wt, uint64_t *val,
    struct pb *sub)
{
	uint64_t tag, len;

	if (varint(in, &tag) != AA_OK || tag >> 3 == 0 || tag >> 3 > 0xffff)
		return AA_ERR_PARSE;
	*num = (unsigned)(tag >> 3);
	*wt = (unsigned)(tag & 7);
	switch (*wt) {
	case 0:
		return varint(in, val);
	case 1:
	case 5:
		len = *wt == 1 ? 8 : 4;
		if ((uint64_t)(in->end - in->p) < len)
			return AA_ERR_PARSE;
		in->p += len;
		return AA_OK;
	case 2:
		if (varint(in, &len) != AA_OK ||
		    len > (uint64_t)(in->end - in->p))
			return AA_ERR_PARSE;
		sub->p = in->p;
		sub->end = in->p + len;
		in->p += len;
		return AA_OK;
	default:
		return AA_ERR_PARSE;
	}
}

static char *
pbstr(const struct pb *s)
{
	size_t n = (size_t)(s->end - s->p);

	return strndup((const char *)s->p, n < STR_MAX ? n : STR_MAX);
}

static int
otp_params(struct pb in, struct aa_totp_backup *b)
{
	struct pb sub = { 0 }, secret = { 0 };
	char *name = NULL, *issuer = NULL;
	uint64_t val = 0, algo = 1, digits = 1, type = 2, counter = 0;
	unsigned num, wt;
	int r = AA_ERR_PARSE;
	static const char *const algos[] = { "SHA1", "SHA1", "SHA256", "SHA512",
		"MD5" };

	while (in.p < in.end) {
		if (field(&in, &num, &wt, &val, &sub) != AA_OK)
			goto out;
		if (wt == 2 && num == 1)
			secret = sub;
		else if (wt == 2 && num == 2 && name == NULL)
			name = pbstr(&sub);
		else if (wt == 2 && num == 3 && issuer == NULL)
			issuer = pbstr(&sub);
		else if (wt == 0 && num == 4)
			algo = val;
		else if (wt == 0 && num == 5)
			digits = val;
		else if (wt == 0 && num == 6)
			type = val;
		else if (wt == 0 && num == 7)
			counter = val;
	}
	/* name often carries "Issuer:account"; keep the account part. */
	if (name != NULL && issuer != NULL && issuer[0] != '\0' &&
	    strncmp(name, issuer, strlen(issuer)) == 0 &&
	    name[strlen(issuer)] == ':')
		memmove(name, name + strlen(issuer) + 1,
		    strlen(name + strlen(issuer) + 1) + 1);
	r = aa_totp_backup_add_raw(b, type == 1 ? AA_OTP_HOTP : AA_OTP_TOTP,
	    issuer, name, secret.p, (size_t)(secret.end - secret.p),
	    algo < 5 ? algos[algo] : "SHA1", digits == 2 ? 8 : 6, 30, counter);
out:
	free(name);
	free(issuer);
	return r;
}

int
aa_totp_migration_decode(const unsigned char *pbuf, size_t len,
    struct aa_totp_backup *b, struct aa_diag *diag)
{
	struct pb in = { pbuf, pbuf + len }, sub = { 0 };
	uint64_t val;
	unsigned num, wt;
	int r;

	while (in.p < in.end) {
		if (field(&in, &num, &wt, &val, &sub) != AA_OK)
			return aa_diag_set(diag, AA_ERR_PARSE,
			    "otpauth-migration: malformed protobuf");
		if (num == 1 && wt == 2 && (r = otp_params(sub, b)) != AA_OK)
			return aa_diag_set(diag, r,
			    "otpauth-migration: malformed entry");
	}
	return AA_OK;
}

int
aa_totp_migration_uri(const char *uri, size_t len, struct aa_totp_backup *b,
    struct aa_diag *diag)
{
	static const char pfx[] = "otpauth-migration://offline?";
	const char *q, *end = uri + len, *data = NULL;
	char *dec = NULL;
	unsigned char *pbuf = NULL;
	size_t declen = 0, pblen = 0;
	int r = AA_ERR_PARSE;

	if (len < sizeof(pfx) - 1 || strncasecmp(uri, pfx, sizeof(pfx) - 1) != 0)
		return AA_ERR_UNSUPPORTED;
	for (q = uri + sizeof(pfx) - 1; q < end; ) {
		const char *amp = memchr(q, '&', (size_t)(end - q));

		if ((size_t)(end - q) > 5 && strncmp(q, "data=", 5) == 0) {
			data = q + 5;
			end = amp != NULL ? amp : end;
			break;
		}
		if (amp == NULL)
			break;
		q = amp + 1;
	}
	if (data == NULL)
		return aa_diag_set(diag, r, "otpauth-migration: no data parameter");
	/* '+' stays '+': scanners hand over raw base64 (scito's plus problem). */
	if ((r = aa_totp_pct_decode_big(data, (size_t)(end - data), &dec,
	    &declen)) != AA_OK ||
	    (r = aa_b64_decode_new(AA_B64_LAX, dec, declen, AA_TOTP_FILE_MAX,
	    &pbuf, &pblen)) != AA_OK) {
		aa_diag_set(diag, AA_ERR_PARSE, "otpauth-migration: bad data encoding");
		r = AA_ERR_PARSE;
		goto out;
	}
	r = aa_totp_migration_decode(pbuf, pblen, b, diag);
out:
	if (dec != NULL)
		aa_freezero(dec, declen + 1);
	if (pbuf != NULL)
		aa_freezero(pbuf, pblen);
	return r;
}
