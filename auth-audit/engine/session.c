#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <strings.h>

#include <curl/curl.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/url.h"
#include "auth-audit/engine/session.h"
#include "auth-audit/engine/session_curl.h"

int
aa_session_new(struct aa_http *h, const struct aa_profile *p, size_t account,
    struct aa_session **out)
{
	struct aa_session *s;
	int r = AA_ERR_NOMEM;

	if (out == NULL)
		return AA_ERR_ARG;
	*out = NULL;
	if (h == NULL || p == NULL || account >= p->naccounts)
		return AA_ERR_ARG;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return AA_ERR_NOMEM;
	s->h = h;
	s->p = p;
	s->account = account;
	if ((s->vars = json_object()) == NULL ||
	    (s->samesite = json_object()) == NULL ||
	    (s->curl = curl_easy_init()) == NULL)
		goto out;
	if ((r = aa_session_curl_init(s)) != AA_OK)
		goto out;
	*out = s;
	s = NULL;
	r = AA_OK;
out:
	aa_session_free(&s);
	return r;
}

void
aa_session_free(struct aa_session **sp)
{
	struct aa_session *s;

	if (sp == NULL || (s = *sp) == NULL)
		return;
	if (s->curl != NULL)
		curl_easy_cleanup(s->curl);
	json_decref(s->vars);
	json_decref(s->samesite);
	free(s);
	*sp = NULL;
}

void
aa_session_reset(struct aa_session *s)
{
	if (s == NULL)
		return;
	curl_easy_setopt(s->curl, CURLOPT_COOKIELIST, "ALL");
	json_object_clear(s->vars);
	json_object_clear(s->samesite);
}

size_t
aa_session_account(const struct aa_session *s)
{
	return s != NULL ? s->account : 0;
}

const struct aa_profile *
aa_session_profile(const struct aa_session *s)
{
	return s != NULL ? s->p : NULL;
}

struct aa_http *
aa_session_http(const struct aa_session *s)
{
	return s != NULL ? s->h : NULL;
}

const json_t *
aa_session_vars(const struct aa_session *s)
{
	return s != NULL ? s->vars : NULL;
}

int
aa_session_set_var(struct aa_session *s, const char *name, json_t *value)
{
	if (s == NULL || name == NULL || value == NULL) {
		json_decref(value);
		return AA_ERR_ARG;
	}
	return json_object_set_new(s->vars, name, value) == 0 ? AA_OK :
	    AA_ERR_NOMEM;
}

const json_t *
aa_session_var(const struct aa_session *s, const char *name)
{
	if (s == NULL || name == NULL)
		return NULL;
	return json_object_get(s->vars, name);
}

/* Split a Netscape cookie line into its 7 fields (modifies line). */
static int
split_line(char *line, char *f[7])
{
	for (int i = 0; i < 7; i++) {
		f[i] = line;
		if (i < 6) {
			if ((line = strchr(line, '\t')) == NULL)
				return 0;
			*line++ = '\0';
		}
	}
	return 1;
}

static struct curl_slist *
jar(const struct aa_session *s)
{
	struct curl_slist *l = NULL;

	if (s == NULL || curl_easy_getinfo(s->curl, CURLINFO_COOKIELIST, &l) !=
	    CURLE_OK)
		return NULL;
	return l;
}

/* A jar line whose expiry lies in the past: the server deleted it
 * (Max-Age=0); curl keeps such lines until its next clean-up. */
static int
expired(const char *field)
{
	long long t = strtoll(field, NULL, 10);

	return t != 0 && t < (long long)time(NULL);
}

json_t *
aa_session_cookies(const struct aa_session *s)
{
	struct curl_slist *l = jar(s), *e;
	json_t *arr = json_array(), *c;
	char *f[7], *line;
	const char *dom;
	int httponly;

	for (e = l; arr != NULL && e != NULL; e = e->next) {
		if ((line = strdup(e->data)) == NULL)
			break;
		if (split_line(line, f) && !expired(f[4])) {
			dom = f[0];
			httponly = strncmp(dom, "#HttpOnly_", 10) == 0;
			if (httponly)
				dom += 10;
			c = json_pack("{s:s, s:s, s:s, s:b, s:b, s:O, s:I}",
			    "name", f[5], "domain", dom, "path", f[2],
			    "secure", strcmp(f[3], "TRUE") == 0,
			    "httponly", httponly, "samesite",
			    json_object_get(s->samesite, f[5]) ?
			    json_object_get(s->samesite, f[5]) : json_null(),
			    "expires", (json_int_t)strtoll(f[4], NULL, 10));
			if (c != NULL)
				json_array_append_new(arr, c);
		}
		aa_freezero(line, strlen(e->data) + 1);
	}
	curl_slist_free_all(l);
	return arr;
}

char *
aa_session_cookie_value(const struct aa_session *s, const char *name)
{
	struct curl_slist *l = jar(s), *e;
	char *f[7], *line, *v = NULL;

	for (e = l; name != NULL && v == NULL && e != NULL; e = e->next) {
		if ((line = strdup(e->data)) == NULL)
			break;
		if (split_line(line, f) && strcmp(f[5], name) == 0 &&
		    !expired(f[4]))
			v = strdup(f[6]);
		aa_freezero(line, strlen(e->data) + 1);
	}
	curl_slist_free_all(l);
	return v;
}

int
aa_session_cookie_set(struct aa_session *s, const char *name,
    const char *value)
{
	struct curl_slist *l = jar(s), *e;
	struct aa_buf b;
	char *f[7], *line = NULL;
	struct aa_url u;
	const char *dom = NULL;
	int r = AA_ERR_ARG;

	aa_buf_init(&b, 8192);
	if (s == NULL || name == NULL || name[0] == '\0' ||
	    strpbrk(name, "\t\r\n;= ") != NULL ||
	    (value != NULL && strpbrk(value, "\t\r\n;") != NULL))
		goto out;
	/* Rebuild the jar without `name`: curl has no per-cookie delete. */
	curl_easy_setopt(s->curl, CURLOPT_COOKIELIST, "ALL");
	for (e = l; e != NULL; e = e->next) {
		if ((line = strdup(e->data)) == NULL) {
			r = AA_ERR_NOMEM;
			goto out;
		}
		if (split_line(line, f) && strcmp(f[5], name) == 0) {
			/* Expiry 0: a cookie the server deleted (expires in
			 * the past) must come back as a live session cookie. */
			if (dom == NULL && aa_buf_printf(&b, "%s\t%s\t%s\t%s\t0",
			    f[0], f[1], f[2], f[3]) == AA_OK)
				dom = b.ptr;
		} else
			curl_easy_setopt(s->curl, CURLOPT_COOKIELIST, e->data);
		aa_freezero(line, strlen(e->data) + 1);
		line = NULL;
	}
	if (value != NULL) {
		if (dom == NULL) {
			if ((r = aa_url_parse(s->p->base_url, AA_URL_HTTP,
			    &u)) != AA_OK)
				goto out;
			if ((r = aa_buf_printf(&b, "%s\tFALSE\t/\tFALSE\t0",
			    u.host)) != AA_OK)
				goto out;
		}
		if ((r = aa_buf_printf(&b, "\t%s\t%s", name, value)) != AA_OK)
			goto out;
		curl_easy_setopt(s->curl, CURLOPT_COOKIELIST, b.ptr);
	}
	r = AA_OK;
out:
	aa_buf_release(&b);
	curl_slist_free_all(l);
	return r;
}
