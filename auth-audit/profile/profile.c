/* This file implements test-only exports of its header. */
#define AA_TEST_INTERNAL

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/buf.h"
#include "auth-audit/core/rx.h"
#include "auth-audit/core/url.h"
#include "auth-audit/core/jalloc.h"
#include "auth-audit/profile/profile.h"
#include "auth-audit/profile/profile_parts.h"
#include "auth-audit/profile/lines.h"
#include "auth-audit/profile/step.h"

#define MAX_STEPS 256
#define MAX_COUNTRIES 300

/* Optional string member; *out stays NULL when absent. */
static int
opt_str(struct aa_pctx *c, const json_t *o, const char *key, const char *ptr,
    char **out)
{
	return aa_profile_str_member(c, o, key, ptr, 2048, out);
}

static int
http_url(struct aa_pctx *c, const char *url, const char *ptr, char **origin,
    char **host)
{
	char o[AA_URL_ORIGIN_MAX];
	struct aa_url u;
	int r = aa_url_parse(url, AA_URL_HTTP, &u);

	if (r == AA_ERR_PARSE)
		return aa_profile_err(c, ptr, "expected an http:// or https:// "
		    "URL");
	if (r != AA_OK)
		return r;
	if (u.userinfo || u.fragment || strchr(url, '@') != NULL ||
	    strchr(url, '#') != NULL)
		return aa_profile_err(c, ptr, "credentials and fragments are "
		    "not allowed in URLs");
	if (aa_url_origin(&u, o, sizeof(o)) != AA_OK)
		return aa_profile_err(c, ptr, "host name too long");
	if (origin != NULL && (*origin = strdup(o)) == NULL)
		return AA_ERR_NOMEM;
	if (host != NULL && (*host = strdup(u.host)) == NULL) {
		if (origin != NULL) {
			free(*origin);
			*origin = NULL;
		}
		return AA_ERR_NOMEM;
	}
	return AA_OK;
}

static int
base_urls(struct aa_pctx *c, const json_t *root, struct aa_profile *p)
{
	char *host = NULL, *origin = NULL;
	size_t n;
	int r = AA_ERR_PROFILE;

	if ((r = opt_str(c, root, "base_url", "/base_url", &p->base_url)) != AA_OK)
		goto out;
	if (p->base_url == NULL) {
		r = aa_profile_err(c, "/base_url", "missing");
		goto out;
	}
	if ((r = http_url(c, p->base_url, "/base_url", &origin, NULL)) != AA_OK)
		goto out;
	if (strchr(p->base_url, '?') != NULL) {
		r = aa_profile_err(c, "/base_url", "must not have a query");
		goto out;
	}
	/* Paths of steps start with "/": no trailing slash to join. */
	while ((n = strlen(p->base_url)) > 0 && p->base_url[n - 1] == '/')
		p->base_url[n - 1] = '\0';
	if ((r = opt_str(c, root, "origin", "/origin", &p->origin)) != AA_OK)
		goto out;
	if (p->origin == NULL) {
		p->origin = origin;
		origin = NULL;
	}
	free(origin);
	origin = NULL;
	if ((r = http_url(c, p->origin, "/origin", &origin, &host)) != AA_OK)
		goto out;
	if ((r = opt_str(c, root, "rp_id", "/rp_id", &p->rp_id)) != AA_OK)
		goto out;
	if (p->rp_id == NULL) {
		p->rp_id = host;
		host = NULL;
	} else if (strpbrk(p->rp_id, ":/ ") != NULL) {
		r = aa_profile_err(c, "/rp_id", "expected a domain such as "
		    "\"localhost\"");
		goto out;
	}
	r = AA_OK;
out:
	free(origin);
	free(host);
	return r;
}

static int
countries(struct aa_pctx *c, const json_t *v, struct aa_profile *p)
{
	const json_t *e;
	const char *s;
	char ptr[64];
	size_t i;

	if (v == NULL)
		return AA_OK;
	if (!json_is_array(v) || json_array_size(v) > MAX_COUNTRIES)
		return aa_profile_err(c, "/served_countries", "expected an array "
		    "of ISO 3166 alpha-2 codes");
	if ((p->served_countries = calloc(json_array_size(v) + 1,
	    sizeof(char *))) == NULL)
		return AA_ERR_NOMEM;
	json_array_foreach(v, i, e) {
		snprintf(ptr, sizeof(ptr), "/served_countries/%zu", i);
		s = json_string_value(e);
		if (s == NULL || strlen(s) != 2 || !isupper((unsigned char)s[0]) ||
		    !isupper((unsigned char)s[1]))
			return aa_profile_err(c, ptr, "expected an upper-case "
			    "ISO 3166 alpha-2 code such as \"US\"");
		if ((p->served_countries[i] = strdup(s)) == NULL)
			return AA_ERR_NOMEM;
		p->nserved = i + 1;
	}
	return AA_OK;
}

static int
sms_section(struct aa_pctx *c, const json_t *v, struct aa_profile *p)
{
	struct aa_regex *re = NULL;
	char why[200];
	int r;

	static const char *const known[] = { "inbox", "code_regex", "listen",
		NULL };

	if (v != NULL && !json_is_object(v))
		return aa_profile_err(c, "/sms", "expected an object");
	if (v != NULL && (r = aa_profile_known(c, v, "/sms", known)) != AA_OK)
		return r;
	if ((r = opt_str(c, v, "inbox", "/sms/inbox", &p->sms_inbox)) != AA_OK ||
	    (r = opt_str(c, v, "code_regex", "/sms/code_regex",
	    &p->sms_code_regex)) != AA_OK)
		return r;
	if (p->sms_inbox != NULL &&
	    (r = http_url(c, p->sms_inbox, "/sms/inbox", NULL, NULL)) != AA_OK)
		return r;
	if (p->sms_code_regex == NULL &&
	    (p->sms_code_regex = strdup("\\b(\\d{4,8})\\b")) == NULL)
		return AA_ERR_NOMEM;
	if ((r = aa_regex_compile(&re, p->sms_code_regex, why, sizeof(why))) !=
	    AA_OK)
		return r == AA_ERR_NOMEM ? r : aa_profile_err(c,
		    "/sms/code_regex", "bad regex: %s", why);
	aa_regex_free(&re);
	return AA_OK;
}

static int
webauthn_section(struct aa_pctx *c, const json_t *v, struct aa_profile *p)
{
	static const char *const known[] = { "api", "prefix", "login", NULL };
	char *login = NULL;
	int r;

	if (v == NULL)
		return AA_OK;
	if (!json_is_object(v))
		return aa_profile_err(c, "/webauthn", "expected an object");
	if ((r = aa_profile_known(c, v, "/webauthn", known)) != AA_OK)
		return r;
	if ((r = opt_str(c, v, "api", "/webauthn/api", &p->webauthn_api)) !=
	    AA_OK || (r = opt_str(c, v, "prefix", "/webauthn/prefix",
	    &p->webauthn_prefix)) != AA_OK)
		return r;
	if ((r = opt_str(c, v, "login", "/webauthn/login", &login)) != AA_OK)
		return r;
	if (login != NULL && strcmp(login, "passkey") == 0)
		p->webauthn_passkey = 1;
	else if (login != NULL && strcmp(login, "second_factor") != 0) {
		r = aa_profile_err(c, "/webauthn/login", "unknown sign-in "
		    "\"%s\" (expected \"second_factor\" or \"passkey\")",
		    login);
		free(login);
		return r;
	}
	free(login);
	if (p->webauthn_api != NULL &&
	    strcmp(p->webauthn_api, "fido-conformance") != 0)
		return aa_profile_err(c, "/webauthn/api", "unknown API \"%s\" "
		    "(expected \"fido-conformance\")", p->webauthn_api);
	if (p->webauthn_prefix != NULL && p->webauthn_prefix[0] != '/')
		return aa_profile_err(c, "/webauthn/prefix", "expected a path "
		    "starting with \"/\"");
	if (p->webauthn_prefix == NULL &&
	    (p->webauthn_prefix = strdup("")) == NULL)
		return AA_ERR_NOMEM;
	return AA_OK;
}

/* "session": {"token": {"var", "from", "header"}, "cookies": [...]} */
static int
session_section(struct aa_pctx *c, const json_t *v)
{
	static const char *const known[] = { "token", "cookies", NULL };
	static const char *const tknown[] = { "var", "from", "header", NULL };
	const json_t *tok, *e;
	const char *s;
	char why[256];
	size_t i;
	int r;

	if (v == NULL)
		return AA_OK;
	if (!json_is_object(v))
		return aa_profile_err(c, "/session", "expected an object");
	if ((r = aa_profile_known(c, v, "/session", known)) != AA_OK)
		return r;
	if ((tok = json_object_get(v, "token")) != NULL && !json_is_string(tok)) {
		if (!json_is_object(tok))
			return aa_profile_err(c, "/session/token", "expected "
			    "an object {var, from, header}");
		if ((r = aa_profile_known(c, tok, "/session/token", tknown)) !=
		    AA_OK)
			return r;
		if ((s = json_string_value(json_object_get(tok, "from"))) !=
		    NULL && aa_extract_spec_check(s, why, sizeof(why)) != AA_OK)
			return aa_profile_err(c, "/session/token/from", "%s", why);
		if ((s = json_string_value(json_object_get(tok, "header"))) !=
		    NULL && (strchr(s, ':') == NULL || strpbrk(s, "\r\n")))
			return aa_profile_err(c, "/session/token/header",
			    "expected one \"Name: value\" line");
	}
	json_array_foreach(json_object_get(v, "cookies"), i, e)
		if (!json_is_string(e))
			return aa_profile_err(c, "/session/cookies", "expected "
			    "cookie names");
	return AA_OK;
}

/* "headers": {"Name": "template"} sent with every request. */
static int
headers_section(struct aa_pctx *c, const json_t *v)
{
	const char *key;
	const json_t *h;

	if (v == NULL)
		return AA_OK;
	if (!json_is_object(v) || json_object_size(v) > 32)
		return aa_profile_err(c, "/headers", "expected an object of at "
		    "most 32 \"Name\": \"template\"");
	json_object_foreach((json_t *)v, key, h)
		if (!json_is_string(h) || strpbrk(json_string_value(h), "\r\n") ||
		    strpbrk(key, ":\r\n ") || key[0] == '\0')
			return aa_profile_err(c, "/headers", "\"%.64s\": expected "
			    "a header name and a one-line string", key);
	return AA_OK;
}

static int
steps_section(struct aa_pctx *c, json_t *v, struct aa_profile *p)
{
	const char *key;
	json_t *step;
	char ptr[160], err[384], k[128];

	if (v == NULL) {
		p->steps = json_object();
		return p->steps != NULL ? AA_OK : AA_ERR_NOMEM;
	}
	if (!json_is_object(v) || json_object_size(v) > MAX_STEPS)
		return aa_profile_err(c, "/steps", "expected an object of at "
		    "most %d named steps", MAX_STEPS);
	json_object_foreach(v, key, step) {
		aa_json_pointer_escape(key, k, sizeof(k));
		snprintf(ptr, sizeof(ptr), "/steps/%s", k);
		if (key[0] == '\0' || strlen(key) > 64)
			return aa_profile_err(c, ptr, "step names are 1..64 "
			    "characters");
		if (aa_profile_step_name_known(c, v, key, ptr) != AA_OK)
			return AA_ERR_PROFILE;
		if (aa_step_check(step, err, sizeof(err)) != AA_OK)
			return aa_diag_set(c->diag, AA_ERR_PROFILE, "%s: %s%s",
			    c->file, ptr, err);
	}
	p->steps = json_incref(v);
	return AA_OK;
}

static int
name_member(struct aa_pctx *c, const json_t *root, struct aa_profile *p)
{
	int r;

	if ((r = opt_str(c, root, "name", "/name", &p->name)) != AA_OK)
		return r;
	if (p->name == NULL && (p->name = strdup(p->base_url)) == NULL)
		return AA_ERR_NOMEM;
	return AA_OK;
}

/* Passwords stay only in aa_secret: drop them from the shared root. */
static void
scrub_root(json_t *root)
{
	size_t i;
	json_t *a;

	json_array_foreach(json_object_get(root, "accounts"), i, a)
		json_object_del(a, "password");
}

int
aa_profile_parse(const char *text, size_t len, const char *name,
    struct aa_profile **out, struct aa_diag *diag)
{
	struct aa_pctx c = { name != NULL ? name : "profile", diag };
	struct aa_profile *p = NULL;
	json_error_t je;
	json_t *root;
	int r = AA_ERR_PROFILE;

	aa_json_secure_init();
	if (out == NULL || (text == NULL && len > 0))
		return AA_ERR_ARG;
	*out = NULL;
	if (len > AA_PROFILE_MAX_BYTES)
		return aa_diag_set(diag, AA_ERR_TOOBIG, "%s: larger than %d bytes",
		    c.file, AA_PROFILE_MAX_BYTES);
	if ((root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je)) == NULL)
		return aa_diag_set(diag, AA_ERR_PROFILE, "%s: line %d column "
		    "%d: %s", c.file, je.line, je.column, je.text);
	if ((p = calloc(1, sizeof(*p))) == NULL) {
		json_decref(root);
		return AA_ERR_NOMEM;
	}
	p->root = root;
	if ((p->file = strdup(c.file)) == NULL) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	if (!json_is_object(root)) {
		r = aa_profile_err(&c, "", "expected a JSON object");
		goto out;
	}
	if ((r = base_urls(&c, root, p)) != AA_OK ||
	    (r = name_member(&c, root, p)) != AA_OK ||
	    (r = countries(&c, json_object_get(root, "served_countries"),
	    p)) != AA_OK ||
	    (r = sms_section(&c, json_object_get(root, "sms"), p)) != AA_OK ||
	    (r = aa_profile_limits(&c, json_object_get(root, "limits"),
	    &p->limits)) != AA_OK ||
	    (r = aa_profile_accounts(&c, json_object_get(root, "accounts"),
	    p)) != AA_OK ||
	    (r = webauthn_section(&c, json_object_get(root, "webauthn"),
	    p)) != AA_OK ||
	    (r = steps_section(&c, json_object_get(root, "steps"), p)) != AA_OK ||
	    (r = session_section(&c, json_object_get(root, "session"))) !=
	    AA_OK ||
	    (r = headers_section(&c, json_object_get(root, "headers"))) !=
	    AA_OK ||
	    (r = aa_profile_root_known(&c, root)) != AA_OK)
		goto out;
	/* Positions only help reports; a profile loads without them. */
	if ((r = aa_profile_step_lines(text, len, &p->step_lines,
	    &p->steps_line)) == AA_ERR_NOMEM)
		goto out;
	scrub_root(root);
	*out = p;
	p = NULL;
	r = AA_OK;
out:
	aa_profile_free(&p);
	return r;
}

int
aa_profile_load(const char *path, struct aa_profile **out,
    struct aa_diag *diag)
{
	struct aa_buf b;
	int r;

	if (path == NULL || out == NULL)
		return AA_ERR_ARG;
	*out = NULL;
	aa_buf_init(&b, AA_PROFILE_MAX_BYTES);
	r = aa_buf_read_file(&b, path);
	if (r == AA_ERR_TOOBIG)
		aa_diag_set(diag, r, "%s: larger than %d bytes", path,
		    AA_PROFILE_MAX_BYTES);
	else if (r == AA_ERR_NOTREG)
		aa_diag_set(diag, r, "%s: not a regular file (a FIFO, device "
		    "or directory is never read)", path);
	else if (r != AA_OK)
		aa_diag_set(diag, AA_ERR_IO, "%s: %s", path, r == AA_ERR_IO ?
		    strerror(errno) : aa_strerr(r));
	else
		r = aa_profile_parse(b.ptr, b.len, path, out, diag);
	aa_buf_release(&b);
	return r == AA_ERR_NOMEM || r == AA_ERR_TOOBIG || r == AA_OK ||
	    r == AA_ERR_PROFILE || r == AA_ERR_NOTREG ? r : AA_ERR_IO;
}

void
aa_profile_free(struct aa_profile **pp)
{
	struct aa_profile *p;

	if (pp == NULL || (p = *pp) == NULL)
		return;
	free(p->file);
	free(p->name);
	free(p->base_url);
	free(p->origin);
	free(p->rp_id);
	for (size_t i = 0; i < p->nserved; i++)
		free(p->served_countries[i]);
	free(p->served_countries);
	free(p->sms_inbox);
	free(p->sms_code_regex);
	for (size_t i = 0; i < p->naccounts; i++)
		aa_profile_account_clear(&p->accounts[i]);
	free(p->webauthn_api);
	free(p->webauthn_prefix);
	json_decref(p->steps);
	json_decref(p->step_lines);
	json_decref(p->root);
	free(p);
	*pp = NULL;
}

const json_t *
aa_profile_step(const struct aa_profile *p, const char *name)
{
	if (p == NULL || name == NULL)
		return NULL;
	return json_object_get(p->steps, name);
}
