/*
 * Parsers of the well-known documents a service publishes about its login
 * (research/factors.md §2). Bodies come from the network: each parser is
 * bounded by AA_FACTORS_WK_MAX_BODY and fuzzed
 * (tests/fuzz/fuzz_factors_wellknown.c). They fill only their own members
 * of struct aa_factors_wk.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "auth-audit/core/url.h"
#include "auth-audit/factors/factors.h"

static json_t *
load(const char *b, size_t n)
{
	if (b == NULL || n == 0 || n > AA_FACTORS_WK_MAX_BODY)
		return NULL;
	return json_loadb(b, n, JSON_REJECT_DUPLICATES, NULL);
}

static int
has_string(const json_t *a, const char *s)
{
	const json_t *v;
	size_t i;

	json_array_foreach(a, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), s) == 0)
			return 1;
	return 0;
}

static int
opt_url(const json_t *doc, const char *member, char *out, size_t outlen)
{
	const json_t *v = json_object_get(doc, member);

	out[0] = '\0';
	if (v == NULL)
		return AA_OK;
	if (!json_is_string(v))
		return AA_ERR_PARSE;
	snprintf(out, outlen, "%s", json_string_value(v));
	return AA_OK;
}

int
aa_factors_wk_passkey_endpoints(const char *b, size_t n,
    struct aa_factors_wk *w)
{
	json_t *doc = load(b, n);
	int r = AA_ERR_PARSE;

	w->pk_endpoints = 0;
	/* "{}" is valid: support without advertised pages. */
	if (!json_is_object(doc))
		goto out;
	if (opt_url(doc, "enroll", w->pk_enroll, sizeof(w->pk_enroll)) ||
	    opt_url(doc, "manage", w->pk_manage, sizeof(w->pk_manage)))
		goto out;
	w->pk_endpoints = 1;
	r = AA_OK;
out:
	json_decref(doc);
	return r;
}

/* The label left of the last dot of an origin's host ("example" of
 * https://login.example.com:443): an approximation of the registrable
 * label WebAuthn counts, without a public-suffix list. */
static void
origin_label(const char *origin, char *out, size_t outlen)
{
	const char *h, *last = NULL, *prev = NULL;
	struct aa_url u;
	size_t len;

	out[0] = '\0';
	if (aa_url_parse(origin, AA_URL_GUESS, &u) != AA_OK)
		return;
	h = u.host;
	for (const char *p = h; *p != '\0'; p++)
		if (*p == '.') {
			prev = last;
			last = p;
		}
	if (last == NULL)
		len = strlen(h);
	else {
		h = prev ? prev + 1 : h;
		len = (size_t)(last - h);
	}
	if (len >= outlen)
		len = outlen - 1;
	memcpy(out, h, len);
	out[len] = '\0';
}

int
aa_factors_wk_webauthn(const char *b, size_t n, struct aa_factors_wk *w)
{
	json_t *doc = load(b, n), *origins, *labels = NULL, *v;
	size_t i;
	int r = AA_ERR_PARSE;

	w->related_origins = 0;
	w->related_labels = 0;
	origins = json_object_get(doc, "origins");
	if (!json_is_array(origins) || json_array_size(origins) == 0)
		goto out;
	if ((labels = json_object()) == NULL) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	json_array_foreach(origins, i, v) {
		char label[64];

		if (!json_is_string(v))
			goto out;
		origin_label(json_string_value(v), label, sizeof(label));
		if (label[0] != '\0')
			json_object_set_new(labels, label, json_true());
	}
	w->related_origins = (int)json_array_size(origins);
	w->related_labels = (int)json_object_size(labels);
	r = AA_OK;
out:
	json_decref(labels);
	json_decref(doc);
	return r;
}

int
aa_factors_wk_oidc(const char *b, size_t n, struct aa_factors_wk *w)
{
	json_t *doc = load(b, n);
	const json_t *grants, *acr, *iss;
	int r = AA_ERR_PARSE;

	w->oidc = w->ropc = w->phr = w->phrh = 0;
	w->issuer[0] = '\0';
	if (!json_is_object(doc))
		goto out;
	grants = json_object_get(doc, "grant_types_supported");
	acr = json_object_get(doc, "acr_values_supported");
	iss = json_object_get(doc, "issuer");
	/* Metadata without an issuer or token endpoint is not metadata. */
	if (!json_is_string(iss) && !json_object_get(doc, "token_endpoint"))
		goto out;
	if ((grants != NULL && !json_is_array(grants)) ||
	    (acr != NULL && !json_is_array(acr)))
		goto out;
	w->oidc = 1;
	w->ropc = has_string(grants, "password");
	w->phr = has_string(acr, "phr");
	w->phrh = has_string(acr, "phrh");
	if (json_is_string(iss))
		snprintf(w->issuer, sizeof(w->issuer), "%s",
		    json_string_value(iss));
	r = AA_OK;
out:
	json_decref(doc);
	return r;
}

/* "2027-01-31T23:59:59Z" or with "+hh:mm"/"-hh:mm"; -1 if malformed. */
static time_t
parse_iso8601(const char *s)
{
	struct tm tm;
	int y, mo, d, h, mi, sec, oh = 0, om = 0, sign = 0, used = 0;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec,
	    &used) != 6)
		return (time_t)-1;
	s += used;
	if (*s == '.')
		for (s++; isdigit((unsigned char)*s); s++)
			;
	if (*s == 'Z' || *s == 'z')
		sign = 0;
	else if ((*s == '+' || *s == '-') &&
	    sscanf(s + 1, "%2d:%2d", &oh, &om) == 2)
		sign = *s == '+' ? 1 : -1;
	else
		return (time_t)-1;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    sec > 60 || y < 1970 || oh > 23 || om > 59)
		return (time_t)-1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	if ((t = timegm(&tm)) == (time_t)-1)
		return t;
	return t - sign * (time_t)(oh * 3600 + om * 60);
}

int
aa_factors_wk_security_txt(const char *b, size_t n, time_t now,
    struct aa_factors_wk *w)
{
	size_t i = 0;
	int expires = 0;
	time_t exp_at = (time_t)-1;

	w->sectxt = w->sectxt_expired = w->sectxt_contacts = 0;
	if (b == NULL || n > AA_FACTORS_WK_MAX_BODY)
		return AA_ERR_PARSE;
	while (i < n) {
		char line[512];
		size_t len = 0;

		while (i < n && b[i] != '\n') {
			if (len < sizeof(line) - 1)
				line[len++] = b[i];
			i++;
		}
		i++;
		if (len > 0 && line[len - 1] == '\r')
			len--;
		line[len] = '\0';
		if (memchr(line, '\0', len) != NULL)
			return AA_ERR_PARSE; /* binary, not text */
		if (strncasecmp(line, "Contact:", 8) == 0 && line[8] != '\0')
			w->sectxt_contacts++;
		else if (strncasecmp(line, "Expires:", 8) == 0) {
			const char *v = line + 8;

			while (*v == ' ' || *v == '\t')
				v++;
			expires++;
			exp_at = parse_iso8601(v);
		}
	}
	if (w->sectxt_contacts == 0 || expires != 1 || exp_at == (time_t)-1)
		return AA_ERR_PARSE;
	w->sectxt = 1;
	w->sectxt_expired = exp_at < now;
	return AA_OK;
}

int
aa_factors_wk_aasa(const char *b, size_t n, struct aa_factors_wk *w)
{
	json_t *doc = load(b, n);
	const json_t *apps, *v;
	size_t i;
	int r = AA_ERR_PARSE;

	w->aasa_webcredentials = 0;
	if (!json_is_object(doc))
		goto out;
	apps = json_object_get(json_object_get(doc, "webcredentials"), "apps");
	if (apps != NULL && !json_is_array(apps))
		goto out;
	json_array_foreach(apps, i, v)
		if (json_is_string(v))
			w->aasa_webcredentials++;
	r = AA_OK;
out:
	json_decref(doc);
	return r;
}

int
aa_factors_wk_assetlinks(const char *b, size_t n, struct aa_factors_wk *w)
{
	json_t *doc = load(b, n);
	const json_t *st;
	size_t i;
	int r = AA_ERR_PARSE;

	w->assetlinks_login = 0;
	if (!json_is_array(doc))
		goto out;
	json_array_foreach(doc, i, st) {
		const json_t *rel = json_object_get(st, "relation");

		if (has_string(rel,
		    "delegate_permission/common.get_login_creds"))
			w->assetlinks_login++;
	}
	r = AA_OK;
out:
	json_decref(doc);
	return r;
}
