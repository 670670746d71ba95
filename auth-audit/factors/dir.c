/*
 * Directory parser: the 2fa.directory API (v4: object keyed by domain,
 * additional domains already expanded; v3: array of [name, entry] pairs
 * with "domain" and "additional-domains") and the passkeys directory
 * (object keyed by domain). Both are indexed into one object domain ->
 * entry (borrowed references into the parsed document).
 */
/* This file implements test-only exports of its header. */
#define AA_TEST_INTERNAL

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <arpa/inet.h>

#include "auth-audit/core/buf.h"
#include "auth-audit/factors/factors.h"

struct aa_factors_dir {
	enum aa_factors_dir_kind kind;
	json_t *root;   /* the document */
	json_t *index;  /* normalized domain -> entry */
};

static const struct {
	const char *name;
	unsigned bit;
} methods[] = {
	{ "sms", AA_DIR_SMS }, { "call", AA_DIR_CALL },
	{ "email", AA_DIR_EMAIL }, { "totp", AA_DIR_TOTP },
	{ "u2f", AA_DIR_U2F }, { "custom-software", AA_DIR_CUSTOM_SW },
	{ "custom-hardware", AA_DIR_CUSTOM_HW },
};

int
aa_factors_host_is_local(const char *host)
{
	unsigned char tmp[16];
	char h[64];
	size_t n;

	if (host == NULL || *host == '\0')
		return 1;
	n = strlen(host);
	if (host[0] == '[' && n >= 2 && n - 2 < sizeof(h)) {
		memcpy(h, host + 1, n - 2);
		h[n - 2] = '\0';
		host = h;
	}
	if (inet_pton(AF_INET, host, tmp) == 1 ||
	    inet_pton(AF_INET6, host, tmp) == 1)
		return 1;
	if (strcasecmp(host, "localhost") == 0)
		return 1;
	n = strlen(host);
	return n > 10 && strcasecmp(host + n - 10, ".localhost") == 0;
}

int
aa_factors_domain_norm(const char *in, char *out, size_t outlen)
{
	size_t n, i;

	if (in == NULL || outlen == 0)
		return AA_ERR_ARG;
	n = strlen(in);
	if (n > 0 && in[n - 1] == '.')
		n--;
	if (n > 4 && strncasecmp(in, "www.", 4) == 0) {
		in += 4;
		n -= 4;
	}
	if (n == 0 || n > AA_FACTORS_DOMAIN_MAX || n >= outlen)
		return AA_ERR_ARG;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];

		if (!isalnum(c) && c != '-' && c != '.' && c != '_')
			return AA_ERR_ARG;
		if (c == '.' && (i == 0 || in[i - 1] == '.'))
			return AA_ERR_ARG;
		out[i] = (char)tolower(c);
	}
	out[n] = '\0';
	return AA_OK;
}

static int
check_str_array(const json_t *a, const char *name, const char *key,
    const char *member, struct aa_diag *diag)
{
	size_t i;
	json_t *v;

	if (!json_is_array(a))
		return aa_diag_set(diag, AA_ERR_PARSE,
		    "%s: /%s/%s: expected an array", name, key, member);
	if (json_array_size(a) > AA_FACTORS_DIR_MAX_LIST)
		return aa_diag_set(diag, AA_ERR_TOOBIG,
		    "%s: /%s/%s: more than %d items", name, key, member,
		    AA_FACTORS_DIR_MAX_LIST);
	json_array_foreach(a, i, v)
		if (!json_is_string(v))
			return aa_diag_set(diag, AA_ERR_PARSE,
			    "%s: /%s/%s/%zu: expected a string", name, key,
			    member, i);
	return AA_OK;
}

/* Type-check one entry's members; unknown members are ignored. */
static int
check_entry(const json_t *e, enum aa_factors_dir_kind kind, const char *name,
    const char *key, struct aa_diag *diag)
{
	static const char *lists[] = { "methods", "tfa", "custom-software",
		"custom-hardware", "additional-domains" };
	static const char *strs[] = { "documentation", "recovery", "notes",
		"mfa", "passwordless", "domain" };
	const json_t *v;
	int r;

	if (!json_is_object(e))
		return aa_diag_set(diag, AA_ERR_PARSE,
		    "%s: /%s: expected an object", name, key);
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		if ((v = json_object_get(e, lists[i])) != NULL &&
		    (r = check_str_array(v, name, key, lists[i], diag)) != AA_OK)
			return r;
	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		if ((v = json_object_get(e, strs[i])) != NULL &&
		    !json_is_string(v))
			return aa_diag_set(diag, AA_ERR_PARSE,
			    "%s: /%s/%s: expected a string", name, key, strs[i]);
	(void)kind;
	return AA_OK;
}

/* Index entry e under key and its additional domains (first one wins). */
static int
index_entry(json_t *index, const char *key, json_t *e)
{
	char norm[AA_FACTORS_DOMAIN_MAX + 1];
	const json_t *extra, *v;
	size_t i;

	if (aa_factors_domain_norm(key, norm, sizeof(norm)) == AA_OK &&
	    json_object_get(index, norm) == NULL &&
	    json_object_set(index, norm, e) != 0)
		return AA_ERR_NOMEM;
	extra = json_object_get(e, "additional-domains");
	json_array_foreach(extra, i, v) {
		if (aa_factors_domain_norm(json_string_value(v), norm,
		    sizeof(norm)) != AA_OK || json_object_get(index, norm))
			continue;
		if (json_object_set(index, norm, e) != 0)
			return AA_ERR_NOMEM;
	}
	return AA_OK;
}

static int
build_index(struct aa_factors_dir *d, const char *name, struct aa_diag *diag)
{
	const char *key;
	json_t *e, *pair;
	size_t i;
	int r;

	if ((d->index = json_object()) == NULL)
		return AA_ERR_NOMEM;
	if (json_is_object(d->root)) {
		if (json_object_size(d->root) > AA_FACTORS_DIR_MAX_ENTRIES)
			return aa_diag_set(diag, AA_ERR_TOOBIG,
			    "%s: more than %d entries", name,
			    AA_FACTORS_DIR_MAX_ENTRIES);
		json_object_foreach(d->root, key, e) {
			if ((r = check_entry(e, d->kind, name, key, diag)) != AA_OK)
				return r;
			if ((r = index_entry(d->index, key, e)) != AA_OK)
				return r;
		}
		return AA_OK;
	}
	if (!json_is_array(d->root) || d->kind != AA_FACTORS_DIR_TFA)
		return aa_diag_set(diag, AA_ERR_PARSE,
		    "%s: expected an object keyed by domain%s", name,
		    d->kind == AA_FACTORS_DIR_TFA ? " (API v4) or an array "
		    "of [name, entry] pairs (API v3)" : "");
	if (json_array_size(d->root) > AA_FACTORS_DIR_MAX_ENTRIES)
		return aa_diag_set(diag, AA_ERR_TOOBIG,
		    "%s: more than %d entries", name, AA_FACTORS_DIR_MAX_ENTRIES);
	json_array_foreach(d->root, i, pair) {
		char where[32];

		snprintf(where, sizeof(where), "%zu/1", i);
		if (!json_is_array(pair) || json_array_size(pair) != 2 ||
		    !json_is_string(json_array_get(pair, 0)))
			return aa_diag_set(diag, AA_ERR_PARSE,
			    "%s: /%zu: expected [name, entry]", name, i);
		e = json_array_get(pair, 1);
		if ((r = check_entry(e, d->kind, name, where, diag)) != AA_OK)
			return r;
		key = json_string_value(json_object_get(e, "domain"));
		if (key == NULL)
			return aa_diag_set(diag, AA_ERR_PARSE,
			    "%s: /%zu/1: entry has no domain", name, i);
		if ((r = index_entry(d->index, key, e)) != AA_OK)
			return r;
	}
	return AA_OK;
}

int
aa_factors_dir_parse(const char *text, size_t len,
    enum aa_factors_dir_kind kind, const char *name,
    struct aa_factors_dir **out, struct aa_diag *diag)
{
	struct aa_factors_dir *d = NULL;
	json_error_t jerr;
	int r = AA_ERR_INTERNAL;

	*out = NULL;
	if (name == NULL)
		name = "directory";
	if (len > AA_FACTORS_DIR_MAX_BYTES) {
		r = aa_diag_set(diag, AA_ERR_TOOBIG, "%s: larger than %u bytes",
		    name, AA_FACTORS_DIR_MAX_BYTES);
		goto out;
	}
	if ((d = calloc(1, sizeof(*d))) == NULL) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	d->kind = kind;
	d->root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (d->root == NULL) {
		r = aa_diag_set(diag, AA_ERR_PARSE, "%s: line %d: %s", name,
		    jerr.line, jerr.text);
		goto out;
	}
	if ((r = build_index(d, name, diag)) != AA_OK)
		goto out;
	*out = d;
	d = NULL;
	r = AA_OK;
out:
	aa_factors_dir_free(&d);
	return r;
}

int
aa_factors_dir_load(const char *path, enum aa_factors_dir_kind kind,
    struct aa_factors_dir **out, struct aa_diag *diag)
{
	struct aa_buf b;
	int r;

	*out = NULL;
	aa_buf_init(&b, AA_FACTORS_DIR_MAX_BYTES);
	if ((r = aa_buf_read_file(&b, path)) != AA_OK) {
		r = aa_diag_set(diag, r, "%s: %s", path,
		    r == AA_ERR_TOOBIG ? "larger than the directory size limit" :
		    r == AA_ERR_IO ? strerror(errno) : aa_strerr(r));
		goto out;
	}
	r = aa_factors_dir_parse(b.ptr, b.len, kind, path, out, diag);
out:
	aa_buf_release(&b);
	return r;
}

void
aa_factors_dir_free(struct aa_factors_dir **dp)
{
	if (dp == NULL || *dp == NULL)
		return;
	json_decref((*dp)->index);
	json_decref((*dp)->root);
	free(*dp);
	*dp = NULL;
}

size_t
aa_factors_dir_count(const struct aa_factors_dir *d)
{
	return d ? json_object_size(d->index) : 0;
}

/* Join a string array into out ("a, b"), truncating safely. */
static void
join(const json_t *a, char *out, size_t outlen)
{
	const json_t *v;
	size_t i, n = 0;

	out[0] = '\0';
	json_array_foreach(a, i, v) {
		int w = snprintf(out + n, outlen - n, "%s%s", n ? ", " : "",
		    json_string_value(v));

		if (w < 0 || (size_t)w >= outlen - n)
			break;
		n += (size_t)w;
	}
}

static void
copy_str(const json_t *e, const char *member, char *out, size_t outlen)
{
	const char *s = json_string_value(json_object_get(e, member));

	snprintf(out, outlen, "%s", s ? s : "");
}

static int
pk_level(const json_t *e, const char *member)
{
	const char *s = json_string_value(json_object_get(e, member));

	if (s == NULL)
		return AA_PK_NONE;
	if (strcmp(s, "required") == 0)
		return AA_PK_REQUIRED;
	return AA_PK_ALLOWED; /* "allowed" and anything newer that says yes */
}

static void
fill(const struct aa_factors_dir *d, const json_t *e,
    struct aa_factors_dirent *o)
{
	const json_t *list, *v;
	size_t i, un = 0;

	list = json_object_get(e, "methods");
	if (list == NULL)
		list = json_object_get(e, "tfa");
	json_array_foreach(list, i, v) {
		const char *m = json_string_value(v);
		size_t k;

		for (k = 0; k < sizeof(methods) / sizeof(methods[0]); k++)
			if (strcmp(m, methods[k].name) == 0)
				break;
		if (k < sizeof(methods) / sizeof(methods[0])) {
			o->methods |= methods[k].bit;
			continue;
		}
		int w = snprintf(o->unknown + un, sizeof(o->unknown) - un,
		    "%s%.40s", un ? "," : "", m);
		if (w > 0 && (size_t)w < sizeof(o->unknown) - un)
			un += (size_t)w;
	}
	join(json_object_get(e, "custom-software"), o->custom_software,
	    sizeof(o->custom_software));
	join(json_object_get(e, "custom-hardware"), o->custom_hardware,
	    sizeof(o->custom_hardware));
	copy_str(e, "documentation", o->documentation, sizeof(o->documentation));
	copy_str(e, "recovery", o->recovery, sizeof(o->recovery));
	copy_str(e, "notes", o->notes, sizeof(o->notes));
	if (d->kind == AA_FACTORS_DIR_PASSKEYS) {
		o->pk_mfa = pk_level(e, "mfa");
		o->pk_passwordless = pk_level(e, "passwordless");
		o->has_2fa = o->pk_mfa != AA_PK_NONE ||
		    o->pk_passwordless != AA_PK_NONE;
	} else {
		o->has_2fa = json_array_size(list) > 0;
	}
}

int
aa_factors_dir_lookup(const struct aa_factors_dir *d, const char *host,
    struct aa_factors_dirent *out)
{
	char norm[AA_FACTORS_DOMAIN_MAX + 1];
	const char *h;
	const json_t *e;

	memset(out, 0, sizeof(*out));
	if (d == NULL || aa_factors_domain_norm(host, norm, sizeof(norm)) != AA_OK)
		return AA_ERR_ARG;
	for (h = norm; h != NULL; ) {
		const char *dot = strchr(h, '.');

		if ((e = json_object_get(d->index, h)) != NULL) {
			snprintf(out->key, sizeof(out->key), "%s", h);
			out->via_parent = h != norm;
			fill(d, e, out);
			return AA_OK;
		}
		/* Stop at two labels: never match a bare public suffix. */
		if (dot == NULL || strchr(dot + 1, '.') == NULL)
			break;
		h = dot + 1;
	}
	return AA_ERR_NOTFOUND;
}
