/*
 * Price table: built-in relative tiers and the --prices CSV. The CSV is
 * outside input, so the parser bounds the file, the line length, the row
 * count and every value, and reports the offending line.
 */
/* This file implements test-only exports of its header. */
#define AA_TEST_INTERNAL

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/buf.h"
#include "sms-sim/sim/country.h"
#include "sms-sim/sim/prices.h"

struct price_row {
	char key[16];   /* "UZ" or digits of a prefix (no '+') */
	int is_prefix;
	double usd;
};

struct aa_sms_prices {
	double unit;            /* USD for tier 1 */
	struct price_row *rows;
	size_t nrows;
	char source[256];
};

int
aa_sms_prices_new(struct aa_sms_prices **out)
{
	struct aa_sms_prices *p;

	*out = NULL;
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return AA_ERR_NOMEM;
	p->unit = AA_SMS_UNIT_USD;
	strcpy(p->source, "built-in tiers (GOV.UK Notify rate multipliers)");
	*out = p;
	return AA_OK;
}

void
aa_sms_prices_free(struct aa_sms_prices **pp)
{
	if (pp == NULL || *pp == NULL)
		return;
	free((*pp)->rows);
	free(*pp);
	*pp = NULL;
}

const char *
aa_sms_prices_source(const struct aa_sms_prices *p)
{
	return p != NULL ? p->source : "built-in tiers";
}

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static int
parse_usd(const char *s, double *out)
{
	char *end;
	double v;

	if (*s == '\0' || *s == '-' || *s == '+')
		return AA_ERR_PARSE;
	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || *end != '\0' || !isfinite(v) || v < 0 ||
	    v > AA_SMS_PRICE_MAX_USD)
		return AA_ERR_PARSE;
	*out = v;
	return AA_OK;
}

/* Key: "default", ISO alpha-2 (any case), or [+]1-7 digits. */
static int
parse_key(const char *s, struct price_row *r, int *is_default)
{
	size_t n;

	*is_default = 0;
	if (strcmp(s, "default") == 0 || strcmp(s, "*") == 0) {
		*is_default = 1;
		return AA_OK;
	}
	if (strlen(s) == 2 && isalpha((unsigned char)s[0]) &&
	    isalpha((unsigned char)s[1])) {
		r->key[0] = (char)toupper((unsigned char)s[0]);
		r->key[1] = (char)toupper((unsigned char)s[1]);
		r->key[2] = '\0';
		r->is_prefix = 0;
		return AA_OK;
	}
	if (*s == '+')
		s++;
	n = strlen(s);
	if (n == 0 || n > 7 || s[0] == '0')
		return AA_ERR_PARSE;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return AA_ERR_PARSE;
	memcpy(r->key, s, n + 1);
	r->is_prefix = 1;
	return AA_OK;
}

static int
parse_line(struct aa_sms_prices *p, char *line, size_t lineno,
    struct aa_diag *diag)
{
	struct price_row r;
	char *comma, *key, *val;
	int is_default;

	memset(&r, 0, sizeof(r));
	line = trim(line);
	if (*line == '\0' || *line == '#')
		return AA_OK;
	if ((comma = strchr(line, ',')) == NULL)
		return aa_diag_set(diag, AA_ERR_PARSE,
		    "line %zu: expected KEY,USD", lineno);
	*comma = '\0';
	key = trim(line);
	val = trim(comma + 1);
	if ((comma = strchr(val, ',')) != NULL) /* extra columns: ignored */
		*comma = '\0';
	val = trim(val);
	if (parse_key(key, &r, &is_default) != AA_OK) {
		double ignored;

		/* A header row names its columns: first line, no price. */
		if (lineno == 1 && parse_usd(val, &ignored) != AA_OK)
			return AA_OK;
		return aa_diag_set(diag, AA_ERR_PARSE, "line %zu: bad key "
		    "(want ISO country, +prefix or default)", lineno);
	}
	if (parse_usd(val, &r.usd) != AA_OK)
		return aa_diag_set(diag, AA_ERR_PARSE, "line %zu: bad price "
		    "(want 0..%g USD)", lineno, AA_SMS_PRICE_MAX_USD);
	if (is_default) {
		p->unit = r.usd;
		return AA_OK;
	}
	if (p->nrows >= AA_SMS_PRICES_MAX_ROWS)
		return aa_diag_set(diag, AA_ERR_TOOBIG, "line %zu: more than "
		    "%d rows", lineno, AA_SMS_PRICES_MAX_ROWS);
	p->rows[p->nrows++] = r;
	return AA_OK;
}

int
aa_sms_prices_parse(const char *text, size_t len, struct aa_sms_prices **out,
    struct aa_diag *diag)
{
	struct aa_sms_prices *p = NULL;
	char line[AA_SMS_PRICES_MAX_LINE + 1];
	size_t pos = 0, lineno = 0;
	int r = AA_ERR_INTERNAL;

	*out = NULL;
	if (len > AA_SMS_PRICES_MAX_BYTES) {
		r = aa_diag_set(diag, AA_ERR_TOOBIG, "price file over %d bytes",
		    AA_SMS_PRICES_MAX_BYTES);
		goto out;
	}
	if ((r = aa_sms_prices_new(&p)) != AA_OK)
		goto out;
	strcpy(p->source, "price CSV");
	if ((p->rows = calloc(AA_SMS_PRICES_MAX_ROWS, sizeof(*p->rows))) ==
	    NULL) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	while (pos < len) {
		size_t n = 0;

		lineno++;
		while (pos < len && text[pos] != '\n') {
			if (text[pos] == '\0') {
				r = aa_diag_set(diag, AA_ERR_PARSE,
				    "line %zu: NUL byte", lineno);
				goto out;
			}
			if (n >= AA_SMS_PRICES_MAX_LINE) {
				r = aa_diag_set(diag, AA_ERR_TOOBIG,
				    "line %zu: longer than %d bytes", lineno,
				    AA_SMS_PRICES_MAX_LINE);
				goto out;
			}
			line[n++] = text[pos++];
		}
		pos++; /* the newline */
		line[n] = '\0';
		if ((r = parse_line(p, line, lineno, diag)) != AA_OK)
			goto out;
	}
	*out = p;
	p = NULL;
	r = AA_OK;
out:
	aa_sms_prices_free(&p);
	return r;
}

int
aa_sms_prices_load(const char *path, struct aa_sms_prices **out,
    struct aa_diag *diag)
{
	struct aa_buf b;
	int r;

	*out = NULL;
	aa_buf_init(&b, AA_SMS_PRICES_MAX_BYTES);
	if ((r = aa_buf_read_file(&b, path)) != AA_OK) {
		aa_diag_set(diag, r, "%s: %s", path, r == AA_ERR_IO ?
		    strerror(errno) : aa_strerr(r));
		goto out;
	}
	if ((r = aa_sms_prices_parse(b.ptr, b.len, out, diag)) != AA_OK) {
		char inner[sizeof(diag->msg)];

		if (diag != NULL) {
			memcpy(inner, diag->msg, sizeof(inner));
			aa_diag_set(diag, r, "%s: %.400s", path, inner);
		}
		goto out;
	}
	snprintf((*out)->source, sizeof((*out)->source), "%s", path);
out:
	aa_buf_release(&b);
	return r;
}

int
aa_sms_tier_of(const char *e164)
{
	int best = 0;
	size_t bestlen = 0;

	if (e164 == NULL || e164[0] != '+')
		return 0;
	/* Every send prices its number: the first digit rules out most
	 * rows before any string work. */
	for (size_t i = 0; i < aa_sms_tier_table_len; i++) {
		size_t n;

		if (aa_sms_tier_table[i].prefix[0] != e164[1])
			continue;
		n = strlen(aa_sms_tier_table[i].prefix);
		if (n > bestlen &&
		    strncmp(e164 + 1, aa_sms_tier_table[i].prefix, n) == 0) {
			best = aa_sms_tier_table[i].mult;
			bestlen = n;
		}
	}
	return best;
}

double
aa_sms_price(const struct aa_sms_prices *p, const char *e164, const char *iso)
{
	const struct price_row *best = NULL;
	double unit = p != NULL ? p->unit : AA_SMS_UNIT_USD;
	int mult;

	if (p != NULL && e164 != NULL && e164[0] == '+') {
		for (size_t i = 0; i < p->nrows; i++) {
			const struct price_row *r = &p->rows[i];

			if (r->is_prefix && r->key[0] == e164[1] &&
			    strncmp(e164 + 1, r->key,
			    strlen(r->key)) == 0 && (best == NULL ||
			    strlen(r->key) > strlen(best->key)))
				best = r;
		}
		if (best != NULL)
			return best->usd;
	}
	if (p != NULL && iso != NULL)
		for (size_t i = 0; i < p->nrows; i++)
			if (!p->rows[i].is_prefix &&
			    strcmp(p->rows[i].key, iso) == 0)
				return p->rows[i].usd;
	mult = aa_sms_tier_of(e164);
	if (mult <= 0)
		mult = 12; /* unknown destination: assume the dearest tier */
	return unit * mult;
}

double
aa_sms_price_country(const struct aa_sms_prices *p, const char *iso)
{
	char num[AA_SMS_E164_MAX + 1];
	int cc = aa_sms_country_cc(iso);

	/* A country's price is that of a mobile number there: the tiers
	 * go by prefix, and one calling code may span several tiers
	 * (+1 876 Jamaica is not +1 US). */
	if (aa_phone_example(iso, AA_PHONE_MOBILE, num, sizeof(num)) == AA_OK)
		return aa_sms_price(p, num, iso);
	if (cc == 0)
		return aa_sms_price(p, NULL, iso);
	snprintf(num, sizeof(num), "+%d", cc);
	return aa_sms_price(p, num, iso);
}
