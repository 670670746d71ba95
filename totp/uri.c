/*
 * otpauth:// parser. Every piece is bounded (AA_TOTP_URI_MAX bytes,
 * AA_TOTP_URI_PARAMS parameters); the seed text only ever lives in wiped
 * buffers and leaves as decoded bytes in an aa_secret_t.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/pct.h"
#include "totp/uri.h"

const char *
aa_otp_type_name(enum aa_otp_type t)
{
	switch (t) {
	case AA_OTP_HOTP: return "hotp";
	case AA_OTP_STEAM: return "steam";
	case AA_OTP_TOTP: break;
	}
	return "totp";
}

static int
pct_decode(const char *src, size_t len, int plus_space, size_t max,
    char **out, size_t *outlen)
{
	char *d = NULL;
	size_t n = 0;
	int r;

	*out = NULL;
	if (len > max)
		return AA_ERR_TOOBIG;
	if ((d = malloc(len + 1)) == NULL)
		return AA_ERR_NOMEM;
	if ((r = aa_pct_text_decode(src, len, AA_PCT_NO_NUL |
	    (plus_space ? AA_PCT_PLUS_SPACE : 0), d, &n)) != AA_OK)
		goto out;
	*out = d;
	d = NULL;
	if (outlen != NULL)
		*outlen = n;
out:
	if (d != NULL)
		aa_freezero(d, len + 1);
	return r;
}

int
aa_totp_pct_decode_big(const char *src, size_t len, char **out,
    size_t *outlen)
{
	return pct_decode(src, len, 0, AA_TOTP_PCT_BIG_MAX, out, outlen);
}

void
aa_totp_uri_free(struct aa_totp_uri **up)
{
	struct aa_totp_uri *u;

	if (up == NULL || (u = *up) == NULL)
		return;
	free(u->label);
	free(u->label_issuer);
	free(u->account);
	free(u->issuer);
	free(u->image);
	aa_secret_free(&u->secret);
	for (size_t i = 0; i < u->nnonstandard; i++)
		free(u->nonstandard[i]);
	free(u);
	*up = NULL;
}

static int
parse_uint(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (*s == '\0')
		return AA_ERR_PARSE;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return AA_ERR_PARSE;
		if (v > (max - (uint64_t)(*s - '0')) / 10)
			return AA_ERR_PARSE;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return AA_OK;
}

static int
split_label(struct aa_totp_uri *u, const char *lab, size_t len,
    struct aa_diag *diag)
{
	const char *colon;
	int r;

	if ((r = pct_decode(lab, len, 0, AA_TOTP_URI_MAX, &u->label,
	    NULL)) != AA_OK)
		return aa_diag_set(diag, r, "label: bad percent-encoding");
	if ((colon = strchr(u->label, ':')) != NULL) {
		const char *acct = colon + 1;

		while (*acct == ' ')
			acct++;
		if ((u->label_issuer = strndup(u->label,
		    (size_t)(colon - u->label))) == NULL ||
		    (u->account = strdup(acct)) == NULL)
			return AA_ERR_NOMEM;
	} else if ((u->account = strdup(u->label)) == NULL)
		return AA_ERR_NOMEM;
	return AA_OK;
}

/* One key=value pair; `seen` tracks duplicates of the known keys. */
static int
take_param(struct aa_totp_uri *u, const char *key, const char *val,
    size_t vlen, unsigned *seen, struct aa_diag *diag)
{
	static const char *const known[] = { "secret", "issuer", "algorithm",
		"digits", "period", "counter", "image" };
	char *v = NULL;
	uint64_t n;
	unsigned bit = 0, fl = 0;
	int r, k = -1;

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcasecmp(key, known[i]) == 0)
			k = (int)i;
	if (k < 0) {
		if (u->nnonstandard >= AA_TOTP_URI_PARAMS)
			return aa_diag_set(diag, AA_ERR_TOOBIG, "too many parameters");
		if ((u->nonstandard[u->nnonstandard] = strndup(key, 64)) == NULL)
			return AA_ERR_NOMEM;
		u->nnonstandard++;
		return AA_OK;
	}
	bit = 1u << k;
	if (*seen & bit) {
		u->notes |= AA_URI_DUP_PARAM;
		return AA_OK; /* first one wins, as most apps do */
	}
	*seen |= bit;
	if ((r = pct_decode(val, vlen, k != 0, AA_TOTP_URI_MAX, &v,
	    &vlen)) != AA_OK) {
		aa_diag_set(diag, r, "%s: bad percent-encoding", known[k]);
		goto out;
	}
	r = AA_ERR_PARSE;
	switch (k) {
	case 0:
		u->secret_chars = vlen;
		if ((r = aa_totp_b32_decode(v, vlen, &u->secret, &fl)) != AA_OK) {
			aa_diag_set(diag, r, "secret: not valid base32");
			goto out;
		}
		if (fl & AA_B32_PADDED)
			u->notes |= AA_URI_SECRET_PADDED;
		if (fl & AA_B32_LOWERCASE)
			u->notes |= AA_URI_SECRET_LOWER;
		if (fl & AA_B32_SPACES)
			u->notes |= AA_URI_SECRET_SPACES;
		break;
	case 1:
		u->issuer = v;
		v = NULL;
		break;
	case 2:
		snprintf(u->algo_raw, sizeof(u->algo_raw), "%s", v);
		if (aa_totp_algo_parse(v, &u->params.algo) != AA_OK)
			u->notes |= AA_URI_ALGO_UNSUPPORTED;
		else if (u->params.algo != AA_TOTP_SHA1)
			u->notes |= AA_URI_ALGO_NONDEFAULT;
		break;
	case 3:
		if (parse_uint(v, 10, &n) != AA_OK || n == 0) {
			aa_diag_set(diag, r, "digits: expected 1..10");
			goto out;
		}
		u->digits_raw = (unsigned)n;
		break;
	case 4:
		if (parse_uint(v, AA_TOTP_PERIOD_MAX, &n) != AA_OK || n == 0) {
			aa_diag_set(diag, r, "period: expected 1..%u",
			    AA_TOTP_PERIOD_MAX);
			goto out;
		}
		u->params.period = (unsigned)n;
		if (n != 30)
			u->notes |= AA_URI_PERIOD_NONDEF;
		break;
	case 5:
		if (parse_uint(v, UINT64_MAX, &u->counter) != AA_OK) {
			aa_diag_set(diag, r, "counter: expected a number");
			goto out;
		}
		u->has_counter = 1;
		break;
	default:
		u->image = v;
		v = NULL;
		break;
	}
	r = AA_OK;
out:
	if (v != NULL)
		aa_freezero(v, strlen(v));
	return r;
}

static int
parse_query(struct aa_totp_uri *u, const char *q, size_t len,
    struct aa_diag *diag)
{
	struct aa_pct_pair p;
	unsigned seen = 0;
	size_t nparams = 0, pos = 0;
	int r;

	while (aa_pct_pair_next(q, len, &pos, &p)) {
		char key[65];

		if (++nparams > AA_TOTP_URI_PARAMS)
			return aa_diag_set(diag, AA_ERR_TOOBIG,
			    "more than %d parameters", AA_TOTP_URI_PARAMS);
		if (p.namelen >= sizeof(key) || p.namelen == 0)
			return aa_diag_set(diag, AA_ERR_PARSE,
			    "parameter name empty or too long");
		memcpy(key, p.name, p.namelen);
		key[p.namelen] = '\0';
		if ((r = take_param(u, key, p.value, p.valuelen, &seen,
		    diag)) != AA_OK)
			return r;
	}
	return AA_OK;
}

static void
finish_notes(struct aa_totp_uri *u)
{
	if (u->digits_raw == 0)
		u->digits_raw = u->type == AA_OTP_STEAM ? 5 : 6;
	else if (u->digits_raw != 6 && u->type != AA_OTP_STEAM)
		u->notes |= AA_URI_DIGITS_NONDEF;
	if (u->digits_raw < AA_TOTP_DIGITS_MIN ||
	    u->digits_raw > AA_TOTP_DIGITS_MAX) {
		if (u->type != AA_OTP_STEAM)
			u->notes |= AA_URI_DIGITS_ODD;
		u->params.digits = 6;
	} else
		u->params.digits = u->digits_raw;
	if (u->issuer == NULL || u->issuer[0] == '\0') {
		u->notes |= u->label_issuer != NULL ? AA_URI_NO_ISSUER_PARAM
		    : AA_URI_NO_ISSUER;
	} else if (u->label_issuer != NULL &&
	    strcmp(u->label_issuer, u->issuer) != 0)
		u->notes |= AA_URI_ISSUER_MISMATCH;
}

int
aa_totp_uri_parse(const char *text, size_t len, struct aa_totp_uri **out,
    struct aa_diag *diag)
{
	static const char scheme[] = "otpauth://";
	struct aa_totp_uri *u = NULL;
	const char *p, *end, *slash, *qm;
	int r = AA_ERR_PARSE;

	if (text == NULL || out == NULL)
		return AA_ERR_ARG;
	*out = NULL;
	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r' ||
	    text[len - 1] == ' '))
		len--;
	if (len > AA_TOTP_URI_MAX)
		return aa_diag_set(diag, AA_ERR_TOOBIG, "URI longer than %d bytes",
		    AA_TOTP_URI_MAX);
	if (len < sizeof(scheme) - 1 ||
	    strncasecmp(text, scheme, sizeof(scheme) - 1) != 0)
		return aa_diag_set(diag, AA_ERR_PARSE, "not an otpauth:// URI");
	if (memchr(text, '\0', len) != NULL)
		return aa_diag_set(diag, AA_ERR_PARSE, "NUL byte in URI");
	if ((u = calloc(1, sizeof(*u))) == NULL)
		return AA_ERR_NOMEM;
	aa_totp_params_default(&u->params);
	p = text + sizeof(scheme) - 1;
	end = text + len;
	if ((slash = memchr(p, '/', (size_t)(end - p))) == NULL) {
		aa_diag_set(diag, r, "no label after the type");
		goto out;
	}
	if ((size_t)(slash - p) == 4 && strncasecmp(p, "totp", 4) == 0)
		u->type = AA_OTP_TOTP;
	else if ((size_t)(slash - p) == 4 && strncasecmp(p, "hotp", 4) == 0)
		u->type = AA_OTP_HOTP;
	else if ((size_t)(slash - p) == 5 && strncasecmp(p, "steam", 5) == 0)
		u->type = AA_OTP_STEAM;
	else {
		aa_diag_set(diag, r, "type must be totp, hotp or steam");
		goto out;
	}
	p = slash + 1;
	qm = memchr(p, '?', (size_t)(end - p));
	if ((r = split_label(u, p, (size_t)((qm ? qm : end) - p), diag)) != AA_OK)
		goto out;
	if (qm != NULL && (r = parse_query(u, qm + 1, (size_t)(end - qm - 1),
	    diag)) != AA_OK)
		goto out;
	r = AA_ERR_PARSE;
	if (u->secret == NULL) {
		aa_diag_set(diag, r, "secret parameter missing");
		goto out;
	}
	if (u->type == AA_OTP_HOTP && !u->has_counter) {
		aa_diag_set(diag, r, "hotp URI without counter");
		goto out;
	}
	finish_notes(u);
	*out = u;
	u = NULL;
	r = AA_OK;
out:
	aa_totp_uri_free(&u);
	return r;
}
