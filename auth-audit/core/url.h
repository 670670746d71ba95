/*
 * The one URL parser: libcurl's URL API (curl_url), RFC 3986 as curl
 * reads it, so a URL means the same here and in the request that
 * follows. Parsed, never resolved: no DNS.
 *
 * The otpauth:// and otpauth-migration:// URIs of authenticator apps are
 * not read here: their labels carry raw spaces and colons that a generic
 * URL parser refuses or rewrites (totp/uri.c has their grammar).
 */
#ifndef AA_URL_H
#define AA_URL_H

#include <stddef.h>

#define AA_URL_MAX 8192          /* longest URL accepted */
#define AA_URL_HOST_MAX 256      /* DNS names are at most 253 bytes */
#define AA_URL_ORIGIN_MAX 300    /* scheme://[host]:port */

#define AA_URL_HTTP  0x1u  /* only http and https */
#define AA_URL_GUESS 0x2u  /* text without "://" is a host: https:// */

struct aa_url {
	char scheme[16];           /* lower case */
	char host[AA_URL_HOST_MAX]; /* lower case, an IPv6 literal without
	                            * its brackets */
	int ipv6;                  /* host is an IPv6 literal */
	long port;                 /* as written; -1 when none is */
	int userinfo;              /* the URL names a user or password */
	int fragment;              /* it has a #fragment */
	int query;                 /* it has a ?query */
};

/* Parse an absolute URL. AA_ERR_PARSE when it is none (or not http(s)
 * under AA_URL_HTTP), AA_ERR_NOMEM. */
int aa_url_parse(const char *url, unsigned flags, struct aa_url *u);
/*
 * "scheme://host[:port]" (RFC 6454), the port only when it is not the
 * scheme's default, IPv6 in brackets. AA_ERR_TOOBIG when out is short.
 */
int aa_url_origin(const struct aa_url *u, char *out, size_t outlen);
/* The host as written in a URL (IPv6 in brackets) into out. */
int aa_url_host(const struct aa_url *u, char *out, size_t outlen);
/*
 * ref (absolute, or relative as in a Location header) resolved against
 * the absolute URL base (RFC 3986 §5): a new string in *out.
 */
int aa_url_resolve(const char *base, const char *ref, char **out);
/*
 * url without path, query and fragment, as written (user info kept, host
 * not lower-cased): a new string in *out.
 */
int aa_url_authority(const char *url, unsigned flags, char **out);

#endif
