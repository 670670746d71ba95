/* URLs through libcurl's URL API; see url.h. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/url.h"

/* url, or "https://" + url under AA_URL_GUESS when it names no scheme,
 * set on a new handle. */
static int
handle(const char *url, unsigned flags, CURLU **out)
{
	char *guessed = NULL;
	CURLUcode uc;
	CURLU *h;

	*out = NULL;
	if (url == NULL || strlen(url) > AA_URL_MAX)
		return AA_ERR_PARSE;
	if ((h = curl_url()) == NULL)
		return AA_ERR_NOMEM;
	if ((flags & AA_URL_GUESS) && strstr(url, "://") == NULL) {
		size_t n = strlen(url) + sizeof("https://");

		if ((guessed = malloc(n)) == NULL) {
			curl_url_cleanup(h);
			return AA_ERR_NOMEM;
		}
		snprintf(guessed, n, "https://%s", url);
		url = guessed;
	}
	uc = curl_url_set(h, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME);
	free(guessed);
	if (uc != CURLUE_OK) {
		curl_url_cleanup(h);
		return uc == CURLUE_OUT_OF_MEMORY ? AA_ERR_NOMEM : AA_ERR_PARSE;
	}
	*out = h;
	return AA_OK;
}

/* 1 when part is present in h. */
static int
has(CURLU *h, CURLUPart part)
{
	char *v = NULL;
	int r = curl_url_get(h, part, &v, 0) == CURLUE_OK && v != NULL &&
	    v[0] != '\0';

	curl_free(v);
	return r;
}

static void
lower(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

int
aa_url_parse(const char *url, unsigned flags, struct aa_url *u)
{
	char *scheme = NULL, *host = NULL, *port = NULL;
	CURLU *h = NULL;
	size_t n;
	int r;

	memset(u, 0, sizeof(*u));
	u->port = -1;
	if ((r = handle(url, flags, &h)) != AA_OK)
		return r;
	r = AA_ERR_PARSE;
	if (curl_url_get(h, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    strlen(scheme) >= sizeof(u->scheme) ||
	    ((flags & AA_URL_HTTP) && strcasecmp(scheme, "http") != 0 &&
	    strcasecmp(scheme, "https") != 0))
		goto out;
	if (curl_url_get(h, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    (n = strlen(host)) == 0)
		goto out;
	if (n >= 2 && host[0] == '[' && host[n - 1] == ']') {
		u->ipv6 = 1;
		memmove(host, host + 1, n - 2);
		host[n -= 2] = '\0';
	}
	if (n == 0 || n >= sizeof(u->host))
		goto out;
	/* curl decodes %XX in a host and keeps what it cannot: "%%3131"
	 * comes back as "%131", which no origin or request can name. */
	for (size_t i = 0; !u->ipv6 && i < n; i++) {
		unsigned char c = (unsigned char)host[i];

		if (c < 0x80 && !isalnum(c) && c != '-' && c != '.' &&
		    c != '_')
			goto out;
	}
	if (curl_url_get(h, CURLUPART_PORT, &port, 0) == CURLUE_OK)
		u->port = strtol(port, NULL, 10);
	memcpy(u->scheme, scheme, strlen(scheme) + 1);
	memcpy(u->host, host, n + 1);
	lower(u->scheme);
	lower(u->host);
	u->userinfo = has(h, CURLUPART_USER) || has(h, CURLUPART_PASSWORD);
	u->query = has(h, CURLUPART_QUERY);
	u->fragment = has(h, CURLUPART_FRAGMENT);
	r = AA_OK;
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(h);
	return r;
}

int
aa_url_host(const struct aa_url *u, char *out, size_t outlen)
{
	int n = snprintf(out, outlen, u->ipv6 ? "[%s]" : "%s", u->host);

	return n < 0 || (size_t)n >= outlen ? AA_ERR_TOOBIG : AA_OK;
}

int
aa_url_origin(const struct aa_url *u, char *out, size_t outlen)
{
	long dflt = strcmp(u->scheme, "https") == 0 ? 443 :
	    strcmp(u->scheme, "http") == 0 ? 80 : -1;
	char host[AA_URL_HOST_MAX + 2];
	int n;

	if (aa_url_host(u, host, sizeof(host)) != AA_OK)
		return AA_ERR_TOOBIG;
	if (u->port >= 0 && u->port != dflt)
		n = snprintf(out, outlen, "%s://%s:%ld", u->scheme, host,
		    u->port);
	else
		n = snprintf(out, outlen, "%s://%s", u->scheme, host);
	return n < 0 || (size_t)n >= outlen ? AA_ERR_TOOBIG : AA_OK;
}

/* The URL of h as a malloc'd string. */
static int
get_url(CURLU *h, char **out)
{
	char *v = NULL;
	CURLUcode uc = curl_url_get(h, CURLUPART_URL, &v, 0);

	*out = NULL;
	if (uc != CURLUE_OK)
		return uc == CURLUE_OUT_OF_MEMORY ? AA_ERR_NOMEM : AA_ERR_PARSE;
	*out = strdup(v);
	curl_free(v);
	return *out != NULL ? AA_OK : AA_ERR_NOMEM;
}

int
aa_url_resolve(const char *base, const char *ref, char **out)
{
	CURLU *h = NULL;
	CURLUcode uc;
	int r;

	*out = NULL;
	if (ref == NULL || strlen(ref) > AA_URL_MAX)
		return AA_ERR_PARSE;
	if ((r = handle(base, 0, &h)) != AA_OK)
		return r;
	/* On a handle that holds a URL, a relative one is resolved. */
	uc = curl_url_set(h, CURLUPART_URL, ref, CURLU_NON_SUPPORT_SCHEME);
	if (uc == CURLUE_OK)
		r = get_url(h, out);
	else
		r = uc == CURLUE_OUT_OF_MEMORY ? AA_ERR_NOMEM : AA_ERR_PARSE;
	curl_url_cleanup(h);
	return r;
}

int
aa_url_authority(const char *url, unsigned flags, char **out)
{
	CURLU *h = NULL;
	size_t n;
	int r;

	*out = NULL;
	if ((r = handle(url, flags, &h)) != AA_OK)
		return r;
	r = AA_ERR_NOMEM;
	if (curl_url_set(h, CURLUPART_PATH, NULL, 0) != CURLUE_OK ||
	    curl_url_set(h, CURLUPART_QUERY, NULL, 0) != CURLUE_OK ||
	    curl_url_set(h, CURLUPART_FRAGMENT, NULL, 0) != CURLUE_OK ||
	    (r = get_url(h, out)) != AA_OK)
		goto out;
	/* curl writes the empty path as "/". */
	if ((n = strlen(*out)) > 0 && (*out)[n - 1] == '/')
		(*out)[n - 1] = '\0';
out:
	curl_url_cleanup(h);
	return r;
}
