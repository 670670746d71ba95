/*
 * The probe plan of one target: a fixed list of well-known paths, asked
 * one after the other (a polite client keeps one request in flight per
 * host). The plan is a state machine (next / feed) so the single-target
 * driver (factors_net.c), the batch driver (curl multi) and the audit
 * module (the audit's own sessions) share it.
 *
 * Soft-404 guard: the first request is a random path that cannot exist.
 * A server that answers it 200 answers everything 200; then a probe whose
 * answer is the same body, or whose meaning rests on the status alone
 * (change-password 200), is discounted.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "auth-audit/core/buf.h"
#include "auth-audit/core/url.h"
#include "auth-audit/factors/factors.h"

struct slot {
	int asked;
	int err;             /* AA_OK or why there is no answer */
	long status;
	char *url;           /* last URL asked */
	char *ctype;
	char *location;
	struct aa_buf body;
	int hops;
	char note[400];
	int offhost;
};

struct aa_factors_probe {
	char *origin;        /* scheme://host[:port] */
	char host[256];
	char nonce_path[96];
	int cur;             /* kind being asked */
	char *next_url;
	struct slot s[AA_PROBE_COUNT];
};

static const char *const paths[AA_PROBE_COUNT] = {
	[AA_PROBE_SOFT404] = NULL, /* random, per plan */
	[AA_PROBE_PASSKEY_ENDPOINTS] = "/.well-known/passkey-endpoints",
	[AA_PROBE_WEBAUTHN] = "/.well-known/webauthn",
	[AA_PROBE_OIDC] = "/.well-known/openid-configuration",
	[AA_PROBE_OAUTH_AS] = "/.well-known/oauth-authorization-server",
	[AA_PROBE_SECURITY_TXT] = "/.well-known/security.txt",
	[AA_PROBE_CHANGE_PASSWORD] = "/.well-known/change-password",
	[AA_PROBE_AASA] = "/.well-known/apple-app-site-association",
	[AA_PROBE_ASSETLINKS] = "/.well-known/assetlinks.json",
};

/* The soft-404 guard's path only has to be unguessable by the server, so
 * OpenSSL's DRBG will do (no system call per target, unlike reading
 * /dev/urandom); the fallback keeps a run going if it ever fails. */
static void
random_hex(char *out, size_t nbytes)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char r[16];

	if (nbytes > sizeof(r))
		nbytes = sizeof(r);
	if (RAND_bytes(r, (int)nbytes) != 1) {
		uint64_t x = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32) ^
		    (uint64_t)(uintptr_t)out;

		for (size_t i = 0; i < nbytes; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			r[i] = (unsigned char)x;
		}
	}
	for (size_t i = 0; i < nbytes; i++) {
		out[2 * i] = hex[r[i] >> 4];
		out[2 * i + 1] = hex[r[i] & 15];
	}
	out[2 * nbytes] = '\0';
}

int
aa_factors_probe_new(const char *origin, struct aa_factors_probe **out)
{
	struct aa_factors_probe *p = NULL;
	char o[600], nonce[33];
	int r = AA_ERR_INTERNAL;

	*out = NULL;
	if ((p = calloc(1, sizeof(*p))) == NULL) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	if ((r = aa_factors_origin(origin, o, sizeof(o), p->host,
	    sizeof(p->host))) != AA_OK)
		goto out;
	if ((p->origin = strdup(o)) == NULL) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	random_hex(nonce, 12);
	snprintf(p->nonce_path, sizeof(p->nonce_path),
	    "/.well-known/aa-%s-should-not-exist", nonce);
	for (int i = 0; i < AA_PROBE_COUNT; i++)
		aa_buf_init(&p->s[i].body, AA_FACTORS_WK_MAX_BODY);
	p->cur = -1;
	*out = p;
	p = NULL;
	r = AA_OK;
out:
	aa_factors_probe_free(&p);
	return r;
}

void
aa_factors_probe_free(struct aa_factors_probe **pp)
{
	struct aa_factors_probe *p;

	if (pp == NULL || (p = *pp) == NULL)
		return;
	for (int i = 0; i < AA_PROBE_COUNT; i++) {
		free(p->s[i].url);
		free(p->s[i].ctype);
		free(p->s[i].location);
		aa_buf_release(&p->s[i].body);
	}
	free(p->next_url);
	free(p->origin);
	free(p);
	*pp = NULL;
}

static int
set_next(struct aa_factors_probe *p, const char *url)
{
	free(p->next_url);
	p->next_url = strdup(url);
	return p->next_url ? AA_OK : AA_ERR_NOMEM;
}

const char *
aa_factors_probe_next(struct aa_factors_probe *p)
{
	char url[1024];
	const char *path;

	if (p->next_url != NULL)
		return p->next_url; /* a redirect to follow, or not yet fed */
	if (p->cur + 1 >= AA_PROBE_COUNT)
		return NULL;
	p->cur++;
	path = p->cur == AA_PROBE_SOFT404 ? p->nonce_path : paths[p->cur];
	snprintf(url, sizeof(url), "%s%s", p->origin, path);
	p->s[p->cur].asked = 1;
	if (set_next(p, url) != AA_OK)
		return NULL;
	return p->next_url;
}

static int
is_redirect(long st)
{
	return st == 301 || st == 302 || st == 303 || st == 307 || st == 308;
}

static char *
dupnull(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* Location resolved against the URL it answered (RFC 9110 §10.2.2);
 * NULL when it is no URL. */
static char *
absolute(const char *url, const char *loc)
{
	char *abs = NULL;

	return aa_url_resolve(url, loc, &abs) == AA_OK ? abs : NULL;
}

int
aa_factors_probe_feed(struct aa_factors_probe *p, int err, long status,
    const char *ctype, const char *location, struct aa_buf *body)
{
	struct slot *s;
	char host[256];
	char *abs = NULL;
	int r = AA_ERR_INTERNAL;

	if (p->cur < 0 || p->cur >= AA_PROBE_COUNT || p->next_url == NULL)
		return AA_ERR_ARG;
	s = &p->s[p->cur];
	free(s->url);
	s->url = p->next_url;
	p->next_url = NULL;
	free(s->ctype);
	free(s->location);
	s->ctype = dupnull(ctype);
	s->location = dupnull(location);
	s->err = err;
	s->status = err == AA_OK ? status : 0;
	aa_buf_release(&s->body);
	if (err == AA_OK && body != NULL && body->len > AA_FACTORS_WK_MAX_BODY)
		snprintf(s->note, sizeof(s->note), "body larger than %u bytes: "
		    "ignored", AA_FACTORS_WK_MAX_BODY);
	else if (err == AA_OK && body != NULL && body->len > 0) {
		/* Taken, not copied: the caller's buffer is left empty. */
		s->body.ptr = body->ptr;
		s->body.len = body->len;
		s->body.cap = body->cap;
		body->ptr = NULL;
		body->len = body->cap = 0;
	}
	if (err != AA_OK || !is_redirect(status) || location == NULL) {
		r = AA_OK;
		goto out;
	}
	/* A redirect. Where the spec gives it a meaning, it is the answer. */
	if (p->cur == AA_PROBE_CHANGE_PASSWORD || p->cur == AA_PROBE_SOFT404) {
		r = AA_OK;
		goto out;
	}
	if (p->cur == AA_PROBE_PASSKEY_ENDPOINTS) {
		snprintf(s->note, sizeof(s->note), "redirect to %.200s not "
		    "followed: the spec forbids redirects here", location);
		r = AA_OK;
		goto out;
	}
	if ((abs = absolute(s->url, location)) == NULL ||
	    aa_factors_url_host(abs, host, sizeof(host)) != AA_OK) {
		snprintf(s->note, sizeof(s->note), "redirect to unusable "
		    "location %.200s not followed", location);
		r = AA_OK;
		goto out;
	}
	if (strcmp(host, p->host) != 0) {
		s->offhost = 1;
		snprintf(s->note, sizeof(s->note), "redirect to %.200s not "
		    "followed: another host (%.60s); probe that host itself",
		    abs, host);
		r = AA_OK;
		goto out;
	}
	if (s->hops >= AA_FACTORS_PROBE_MAX_HOPS) {
		snprintf(s->note, sizeof(s->note), "more than %d redirects: "
		    "stopped", AA_FACTORS_PROBE_MAX_HOPS);
		r = AA_OK;
		goto out;
	}
	s->hops++;
	r = set_next(p, abs);
out:
	free(abs);
	return r;
}

static int
is_json_ctype(const char *ct)
{
	return ct != NULL && strncasecmp(ct, "application/json", 16) == 0;
}

/* The answer is the catch-all page: same body as the nonexistent path. */
static int
same_as_nonce(const struct aa_factors_probe *p, const struct slot *s)
{
	const struct slot *n = &p->s[AA_PROBE_SOFT404];

	return n->status == 200 && s->body.len == n->body.len &&
	    (s->body.len == 0 || memcmp(s->body.ptr, n->body.ptr,
	    s->body.len) == 0);
}

/* Body of a usable 200 answer, or NULL (with the reason in note). */
static const struct slot *
usable(const struct aa_factors_probe *p, int kind)
{
	const struct slot *s = &p->s[kind];

	if (!s->asked || s->err != AA_OK || s->status != 200)
		return NULL;
	if (same_as_nonce(p, s))
		return NULL;
	return s;
}

void
aa_factors_probe_result(const struct aa_factors_probe *p, time_t now,
    struct aa_factors_wk *w)
{
	const struct slot *s;

	memset(w, 0, sizeof(*w));
	w->soft404 = p->s[AA_PROBE_SOFT404].err == AA_OK &&
	    p->s[AA_PROBE_SOFT404].status == 200;
	if ((s = usable(p, AA_PROBE_PASSKEY_ENDPOINTS)) && is_json_ctype(s->ctype))
		aa_factors_wk_passkey_endpoints(s->body.ptr, s->body.len, w);
	if ((s = usable(p, AA_PROBE_WEBAUTHN)) && is_json_ctype(s->ctype))
		aa_factors_wk_webauthn(s->body.ptr, s->body.len, w);
	if ((s = usable(p, AA_PROBE_OIDC)) == NULL ||
	    aa_factors_wk_oidc(s->body.ptr, s->body.len, w) != AA_OK) {
		if ((s = usable(p, AA_PROBE_OAUTH_AS)) != NULL)
			aa_factors_wk_oidc(s->body.ptr, s->body.len, w);
	}
	if ((s = usable(p, AA_PROBE_SECURITY_TXT)) != NULL)
		aa_factors_wk_security_txt(s->body.ptr, s->body.len, now, w);
	s = &p->s[AA_PROBE_CHANGE_PASSWORD];
	if (s->err == AA_OK && s->location != NULL &&
	    (s->status == 302 || s->status == 303 || s->status == 307 ||
	    s->status == 301 || s->status == 308))
		w->change_password = 1;
	else if (s->err == AA_OK && s->status == 200 && !w->soft404)
		w->change_password = 1;
	if ((s = usable(p, AA_PROBE_AASA)) != NULL)
		aa_factors_wk_aasa(s->body.ptr, s->body.len, w);
	if ((s = usable(p, AA_PROBE_ASSETLINKS)) != NULL)
		aa_factors_wk_assetlinks(s->body.ptr, s->body.len, w);
}

int
aa_factors_probe_reached(const struct aa_factors_probe *p)
{
	for (int i = 0; i < AA_PROBE_COUNT; i++)
		if (p->s[i].asked && p->s[i].err == AA_OK && p->s[i].status > 0)
			return 1;
	return 0;
}

const char *
aa_factors_probe_offhost(const struct aa_factors_probe *p,
    enum aa_factors_probe_kind kind)
{
	if ((unsigned)kind >= AA_PROBE_COUNT || !p->s[kind].offhost)
		return NULL;
	return p->s[kind].note;
}

/* Why a probe's answer does not count, for the evidence. */
static const char *
discount_note(const struct aa_factors_probe *p, int kind)
{
	const struct slot *s = &p->s[kind];

	if (kind == AA_PROBE_SOFT404)
		return s->status == 200 ? "nonexistent path answered 200: the "
		    "server answers 200 for everything (soft 404); answers "
		    "that match it are discounted" : NULL;
	if (s->status == 200 && same_as_nonce(p, s))
		return "same answer as a nonexistent path: discounted (soft 404)";
	if (kind == AA_PROBE_CHANGE_PASSWORD && s->status == 200 &&
	    p->s[AA_PROBE_SOFT404].status == 200)
		return "200 from a server that answers 200 for everything: "
		    "discounted (soft 404)";
	if ((kind == AA_PROBE_PASSKEY_ENDPOINTS || kind == AA_PROBE_WEBAUTHN) &&
	    s->status == 200 && !is_json_ctype(s->ctype))
		return "not served as application/json: ignored";
	return NULL;
}

void
aa_factors_probe_write(const struct aa_factors_probe *p, struct aa_jw *w,
    const char *key)
{
	aa_jw_obj_open(w, key);
	for (int i = 0; i < AA_PROBE_COUNT; i++) {
		const struct slot *s = &p->s[i];
		const char *d;

		if (!s->asked)
			continue;
		aa_jw_obj_open(w, i == AA_PROBE_SOFT404 ? "soft404-guard" :
		    paths[i]);
		aa_jw_str(w, "url", s->url);
		aa_jw_int(w, "status", s->status);
		if (s->err != AA_OK)
			aa_jw_str(w, "error", aa_strerr(s->err));
		if (s->location != NULL)
			aa_jw_str(w, "location", s->location);
		if (s->note[0] != '\0')
			aa_jw_str(w, "note", s->note);
		if ((d = discount_note(p, i)) != NULL)
			aa_jw_str(w, "guard", d);
		aa_jw_obj_close(w);
	}
	aa_jw_obj_close(w);
}

json_t *
aa_factors_probe_evidence(const struct aa_factors_probe *p)
{
	struct aa_buf b;
	struct aa_jw w;
	json_t *o = NULL;

	aa_buf_init(&b, AA_FACTORS_LINE_MAX);
	aa_jw_init(&w, &b);
	aa_factors_probe_write(p, &w, NULL);
	if (aa_jw_end(&w) == AA_OK)
		o = json_loadb(b.ptr, b.len, JSON_ALLOW_NUL, NULL);
	aa_buf_release(&b);
	return o;
}
