/*
 * Policy files of the loss model (docs/SMS-LOSS-MODEL.md has the schema).
 * Outside input: the document is size-capped, every number must be finite
 * and within bounds, arrays are capped, and errors name the JSON pointer.
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
#include "sms-sim/model/estimate.h"
#include "sms-sim/model/policy_int.h"
#include "sms-sim/sim/country.h"

#define NUM_MAX 1e15

static const char *const ctl_names[AA_SMS_CTL_COUNT] = {
	"per_number", "per_prefix", "per_country", "per_ip", "per_session",
	"per_account", "global",
};

const char *
aa_sms_ctl_name(enum aa_sms_ctl c)
{
	return (unsigned)c < AA_SMS_CTL_COUNT ? ctl_names[c] : "?";
}

void
aa_sms_policy_init(struct aa_sms_policy *p)
{
	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "policy");
	p->horizon_days = 30;
	p->segments = 1;
	p->captcha_cost_usd = 0.002;
	p->detector_lets_through = 1000;
	p->detector_block_hours = 12;
	p->rate_per_s = 10;
	p->proxies = 1000;
	p->sessions = AA_SMS_UNLIMITED;
	p->accounts = 100;
	p->revenue_share = 0.3;
	p->runs = 2000;
	p->seed = 1;
	p->spread = 1.0;
}

static int
num(const json_t *v, const char *ptr, double lo, double hi, double *out,
    struct aa_diag *d)
{
	double x;

	if (!json_is_number(v))
		return aa_diag_set(d, AA_ERR_PARSE, "%s: expected a number", ptr);
	x = json_number_value(v);
	if (!isfinite(x) || x < lo || x > hi)
		return aa_diag_set(d, AA_ERR_PARSE, "%s: %g is out of range "
		    "[%g, %g]", ptr, x, lo, hi);
	*out = x;
	return AA_OK;
}

static int
opt_num(const json_t *obj, const char *key, const char *base, double lo,
    double hi, double *out, struct aa_diag *d)
{
	const json_t *v = json_object_get(obj, key);
	char ptr[128];

	if (v == NULL)
		return AA_OK;
	snprintf(ptr, sizeof(ptr), "%s/%s", base, key);
	if (json_is_null(v) && hi >= AA_SMS_UNLIMITED) {
		*out = AA_SMS_UNLIMITED;
		return AA_OK;
	}
	return num(v, ptr, lo, hi, out, d);
}

/* "10m", "1h", "1d", "30s" or a number of seconds. */
static int
window(const json_t *v, const char *ptr, double *out, struct aa_diag *d)
{
	const char *s;
	char *end;
	double x, mul = 1;

	if (json_is_number(v))
		return num(v, ptr, 1, 366 * 86400.0, out, d);
	if (!json_is_string(v) || json_string_length(v) > 16)
		return aa_diag_set(d, AA_ERR_PARSE, "%s: expected seconds or "
		    "a duration like \"10m\"", ptr);
	s = json_string_value(v);
	x = strtod(s, &end);
	if (end == s || !isfinite(x))
		return aa_diag_set(d, AA_ERR_PARSE, "%s: bad duration", ptr);
	if (strcmp(end, "s") == 0 || *end == '\0')
		mul = 1;
	else if (strcmp(end, "m") == 0)
		mul = 60;
	else if (strcmp(end, "h") == 0)
		mul = 3600;
	else if (strcmp(end, "d") == 0)
		mul = 86400;
	else
		return aa_diag_set(d, AA_ERR_PARSE, "%s: unit must be s, m, h "
		    "or d", ptr);
	x *= mul;
	if (x < 1 || x > 366 * 86400.0)
		return aa_diag_set(d, AA_ERR_PARSE, "%s: window out of range",
		    ptr);
	*out = x;
	return AA_OK;
}

static int
iso_of(const json_t *v, const char *ptr, char out[3], struct aa_diag *d)
{
	const char *s = json_string_value(v);

	if (s == NULL || strlen(s) != 2 || !isalpha((unsigned char)s[0]) ||
	    !isalpha((unsigned char)s[1]))
		return aa_diag_set(d, AA_ERR_PARSE, "%s: expected an ISO "
		    "3166 alpha-2 country", ptr);
	out[0] = (char)toupper((unsigned char)s[0]);
	out[1] = (char)toupper((unsigned char)s[1]);
	out[2] = '\0';
	return aa_sms_policy_country(out, ptr, d);
}

static int
iso_list(const json_t *a, const char *ptr, char (*out)[3], size_t *n,
    struct aa_diag *d)
{
	size_t i;
	const json_t *v;
	char p2[128];
	int r;

	if (!json_is_array(a))
		return aa_diag_set(d, AA_ERR_PARSE, "%s: expected an array",
		    ptr);
	if (json_array_size(a) > AA_SMS_POLICY_MAX_COUNTRIES)
		return aa_diag_set(d, AA_ERR_TOOBIG, "%s: more than %d "
		    "countries", ptr, AA_SMS_POLICY_MAX_COUNTRIES);
	*n = 0;
	json_array_foreach(a, i, v) {
		snprintf(p2, sizeof(p2), "%s/%zu", ptr, i);
		if ((r = iso_of(v, p2, out[*n], d)) != AA_OK)
			return r;
		(*n)++;
	}
	return AA_OK;
}

/* A number type by name ("mobile", "premium_rate" ...). */
static int
type_of(const json_t *v, const char *ptr, enum aa_phone_type *t,
    struct aa_diag *d)
{
	if (!json_is_string(v) || aa_sms_type_parse(json_string_value(v), t) !=
	    AA_OK)
		return aa_diag_set(d, AA_ERR_PARSE, "%s: expected a number "
		    "type (mobile, fixed_line, fixed_line_or_mobile, "
		    "toll_free, premium_rate, shared_cost, voip, "
		    "personal_number, pager, uan, voicemail, unknown)", ptr);
	return AA_OK;
}

static int
parse_types(const json_t *a, struct aa_sms_policy *p, struct aa_diag *d)
{
	const char *base = "/controls/line_types";
	enum aa_phone_type t;
	const json_t *v;
	char ptr[96];
	size_t i;
	int r;

	if (!json_is_array(a) || json_array_size(a) > AA_PHONE_TYPE_COUNT)
		return aa_diag_set(d, AA_ERR_PARSE, "%s: expected an array of "
		    "at most %d number types", base, AA_PHONE_TYPE_COUNT);
	p->line_types = 0;
	json_array_foreach(a, i, v) {
		snprintf(ptr, sizeof(ptr), "%s/%zu", base, i);
		if ((r = type_of(v, ptr, &t, d)) != AA_OK)
			return r;
		p->line_types |= 1u << t;
	}
	p->has_line_types = 1;
	return AA_OK;
}

static int
parse_cap(const json_t *v, const char *ptr, struct aa_sms_cap *c,
    struct aa_diag *d)
{
	const json_t *w;
	char p2[128];
	int r;

	if (json_is_null(v) || json_is_false(v)) {
		c->set = 0;
		return AA_OK;
	}
	if (!json_is_object(v))
		return aa_diag_set(d, AA_ERR_PARSE, "%s: expected {\"limit\": "
		    "N, \"per\": \"10m\"}", ptr);
	if ((r = aa_sms_policy_known(v, ptr, aa_sms_policy_cap_keys, d)) !=
	    AA_OK)
		return r;
	snprintf(p2, sizeof(p2), "%s/limit", ptr);
	if ((r = num(json_object_get(v, "limit"), p2, 0, NUM_MAX, &c->limit,
	    d)) != AA_OK)
		return r;
	if ((w = json_object_get(v, "per")) == NULL)
		w = json_object_get(v, "window_s");
	snprintf(p2, sizeof(p2), "%s/per", ptr);
	if (w == NULL)
		return aa_diag_set(d, AA_ERR_PARSE, "%s: missing", p2);
	if ((r = window(w, p2, &c->window_s, d)) != AA_OK)
		return r;
	c->set = 1;
	return AA_OK;
}

static int
parse_controls(const json_t *c, struct aa_sms_policy *p, struct aa_diag *d)
{
	const json_t *v;
	char ptr[96];
	int r;

	if (!json_is_object(c))
		return aa_diag_set(d, AA_ERR_PARSE, "/controls: expected an "
		    "object");
	if ((r = aa_sms_policy_known(c, "/controls",
	    aa_sms_policy_control_keys, d)) != AA_OK)
		return r;
	for (int i = 0; i < AA_SMS_CTL_COUNT; i++) {
		if ((v = json_object_get(c, ctl_names[i])) == NULL)
			continue;
		snprintf(ptr, sizeof(ptr), "/controls/%s", ctl_names[i]);
		if ((r = parse_cap(v, ptr, &p->cap[i], d)) != AA_OK)
			return r;
	}
	if ((v = json_object_get(c, "captcha")) != NULL) {
		if (json_is_boolean(v))
			p->captcha = json_is_true(v);
		else if (json_is_object(v)) {
			p->captcha = 1;
			if ((r = aa_sms_policy_known(v, "/controls/captcha",
			    aa_sms_policy_captcha_keys, d)) != AA_OK)
				return r;
			if ((r = opt_num(v, "cost_usd", "/controls/captcha", 0,
			    100, &p->captcha_cost_usd, d)) != AA_OK)
				return r;
		} else
			return aa_diag_set(d, AA_ERR_PARSE, "/controls/captcha:"
			    " expected true/false or {\"cost_usd\": N}");
	}
	if ((v = json_object_get(c, "geo_allowlist")) != NULL &&
	    !json_is_null(v)) {
		if ((r = iso_list(v, "/controls/geo_allowlist", p->allow,
		    &p->nallow, d)) != AA_OK)
			return r;
		p->has_allowlist = 1;
	}
	if ((v = json_object_get(c, "line_types")) != NULL &&
	    !json_is_null(v) && (r = parse_types(v, p, d)) != AA_OK)
		return r;
	if ((v = json_object_get(c, "detector")) != NULL && !json_is_null(v)) {
		if (!json_is_object(v))
			return aa_diag_set(d, AA_ERR_PARSE, "/controls/detector:"
			    " expected an object");
		p->detector = 1;
		if ((r = aa_sms_policy_known(v, "/controls/detector",
		    aa_sms_policy_detector_keys, d)) != AA_OK)
			return r;
		if ((r = opt_num(v, "lets_through", "/controls/detector", 0,
		    NUM_MAX, &p->detector_lets_through, d)) != AA_OK ||
		    (r = opt_num(v, "block_hours", "/controls/detector",
		    0.01, 24 * 366, &p->detector_block_hours, d)) != AA_OK)
			return r;
	}
	return AA_OK;
}

static int
parse_attacker(const json_t *a, struct aa_sms_policy *p, struct aa_diag *d)
{
	const json_t *blocks, *b;
	const char *base = "/attacker";
	size_t i;
	char ptr[96];
	int r;

	if (!json_is_object(a))
		return aa_diag_set(d, AA_ERR_PARSE, "/attacker: expected an "
		    "object");
	if ((r = aa_sms_policy_known(a, base, aa_sms_policy_attacker_keys,
	    d)) != AA_OK)
		return r;
	if ((r = opt_num(a, "rate_per_s", base, 0, 1e9, &p->rate_per_s, d)) ||
	    (r = opt_num(a, "proxies", base, 0, NUM_MAX, &p->proxies, d)) ||
	    (r = opt_num(a, "sessions", base, 0, AA_SMS_UNLIMITED,
	    &p->sessions, d)) ||
	    (r = opt_num(a, "accounts", base, 0, AA_SMS_UNLIMITED,
	    &p->accounts, d)) ||
	    (r = opt_num(a, "revenue_share", base, 0, 1, &p->revenue_share,
	    d)) ||
	    (r = opt_num(a, "cost_per_request_usd", base, 0, 100,
	    &p->cost_per_request_usd, d)))
		return r;
	if ((blocks = json_object_get(a, "number_blocks")) == NULL)
		return AA_OK;
	if (!json_is_array(blocks))
		return aa_diag_set(d, AA_ERR_PARSE, "/attacker/number_blocks: "
		    "expected an array");
	if (json_array_size(blocks) > AA_SMS_POLICY_MAX_BLOCKS)
		return aa_diag_set(d, AA_ERR_TOOBIG, "/attacker/number_blocks:"
		    " more than %d", AA_SMS_POLICY_MAX_BLOCKS);
	json_array_foreach(blocks, i, b) {
		struct aa_sms_block *bl = &p->blocks[i];

		snprintf(ptr, sizeof(ptr), "/attacker/number_blocks/%zu", i);
		if (!json_is_object(b))
			return aa_diag_set(d, AA_ERR_PARSE, "%s: expected an "
			    "object", ptr);
		char p2[128];
		if ((r = aa_sms_policy_known(b, ptr, aa_sms_policy_block_keys,
		    d)) != AA_OK)
			return r;
		snprintf(p2, sizeof(p2), "%s/country", ptr);
		if ((r = iso_of(json_object_get(b, "country"), p2, bl->iso,
		    d)) != AA_OK)
			return r;
		bl->numbers = 10000;
		bl->prefixes = 1;
		bl->type = AA_PHONE_MOBILE;
		if ((r = opt_num(b, "numbers", ptr, 1, NUM_MAX, &bl->numbers,
		    d)) || (r = opt_num(b, "prefixes", ptr, 1, NUM_MAX,
		    &bl->prefixes, d)))
			return r;
		snprintf(p2, sizeof(p2), "%s/type", ptr);
		if (json_object_get(b, "type") != NULL &&
		    (r = type_of(json_object_get(b, "type"), p2, &bl->type,
		    d)) != AA_OK)
			return r;
		/* Two blocks of one country and type add up. */
		for (size_t k = 0; k < p->nblocks; k++)
			if (strcmp(p->blocks[k].iso, bl->iso) == 0 &&
			    p->blocks[k].type == bl->type) {
				p->blocks[k].numbers += bl->numbers;
				p->blocks[k].prefixes += bl->prefixes;
				bl = NULL;
				break;
			}
		if (bl != NULL)
			p->nblocks++;
	}
	return AA_OK;
}

static int
parse_prices(const json_t *o, struct aa_sms_policy *p, struct aa_diag *d)
{
	const char *k;
	const json_t *v;
	char ptr[96];
	int r;

	if (!json_is_object(o))
		return aa_diag_set(d, AA_ERR_PARSE, "/prices: expected an "
		    "object of country: USD");
	if (json_object_size(o) > AA_SMS_POLICY_MAX_COUNTRIES)
		return aa_diag_set(d, AA_ERR_TOOBIG, "/prices: too many");
	json_object_foreach((json_t *)o, k, v) {
		json_t *ks = json_string(k);

		snprintf(ptr, sizeof(ptr), "/prices/%.8s", k);
		r = ks == NULL ? AA_ERR_NOMEM :
		    iso_of(ks, ptr, p->price_iso[p->nprices], d);
		json_decref(ks);
		if (r != AA_OK || (r = num(v, ptr, 0, 100,
		    &p->price_usd[p->nprices], d)) != AA_OK)
			return r;
		p->nprices++;
	}
	return AA_OK;
}

int
aa_sms_policy_parse(const char *text, size_t len, struct aa_sms_policy *p,
    struct aa_diag *d)
{
	json_error_t jerr;
	json_t *root = NULL;
	const json_t *v, *u;
	double runs = 2000, seed = 1;
	int r = AA_ERR_INTERNAL;

	aa_sms_policy_init(p);
	if (len > AA_SMS_POLICY_MAX_BYTES) {
		r = aa_diag_set(d, AA_ERR_TOOBIG, "policy over %d bytes",
		    AA_SMS_POLICY_MAX_BYTES);
		goto out;
	}
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL || !json_is_object(root)) {
		r = aa_diag_set(d, AA_ERR_PARSE, "line %d: %s", jerr.line,
		    root == NULL ? jerr.text : "expected a JSON object");
		goto out;
	}
	if ((r = aa_sms_policy_known(root, "", aa_sms_policy_root_keys, d)) !=
	    AA_OK)
		goto out;
	if ((v = json_object_get(root, "name")) != NULL && json_is_string(v))
		snprintf(p->name, sizeof(p->name), "%s", json_string_value(v));
	if ((r = opt_num(root, "horizon_days", "", 1, 3660, &p->horizon_days,
	    d)) || (r = opt_num(root, "segments", "", 1, 10, &p->segments, d)))
		goto out;
	if ((v = json_object_get(root, "served_countries")) != NULL &&
	    (r = iso_list(v, "/served_countries", p->served, &p->nserved,
	    d)) != AA_OK)
		goto out;
	if ((v = json_object_get(root, "controls")) != NULL &&
	    (r = parse_controls(v, p, d)) != AA_OK)
		goto out;
	if ((v = json_object_get(root, "attacker")) != NULL &&
	    (r = parse_attacker(v, p, d)) != AA_OK)
		goto out;
	if ((v = json_object_get(root, "prices")) != NULL &&
	    (r = parse_prices(v, p, d)) != AA_OK)
		goto out;
	if ((u = json_object_get(root, "uncertainty")) != NULL) {
		if (!json_is_object(u)) {
			r = aa_diag_set(d, AA_ERR_PARSE, "/uncertainty: "
			    "expected an object");
			goto out;
		}
		if ((r = aa_sms_policy_known(u, "/uncertainty",
		    aa_sms_policy_uncertainty_keys, d)) ||
		    (r = opt_num(u, "runs", "/uncertainty", 0,
		    AA_SMS_POLICY_MAX_RUNS, &runs, d)) ||
		    (r = opt_num(u, "seed", "/uncertainty", 0, 4294967295.0,
		    &seed, d)) ||
		    (r = opt_num(u, "spread", "/uncertainty", 0, 100,
		    &p->spread, d)))
			goto out;
		p->runs = (unsigned)runs;
		p->seed = (unsigned long long)seed;
	}
	r = AA_OK;
out:
	json_decref(root);
	return r;
}

int
aa_sms_policy_load(const char *path, struct aa_sms_policy *p,
    struct aa_diag *d)
{
	struct aa_buf b;
	int r;

	aa_buf_init(&b, AA_SMS_POLICY_MAX_BYTES);
	if ((r = aa_buf_read_file(&b, path)) != AA_OK) {
		aa_diag_set(d, r, "%s: %s", path, r == AA_ERR_IO ?
		    strerror(errno) : aa_strerr(r));
		goto out;
	}
	if ((r = aa_sms_policy_parse(b.ptr, b.len, p, d)) != AA_OK &&
	    d != NULL) {
		char inner[sizeof(d->msg)];

		memcpy(inner, d->msg, sizeof(inner));
		aa_diag_set(d, r, "%s: %.400s", path, inner);
	}
out:
	aa_buf_release(&b);
	return r;
}
