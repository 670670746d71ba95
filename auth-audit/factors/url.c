/*
 * Target names for the probes: the origin and host of a URL or a bare
 * domain, checked to be a host name or an IP literal (the target comes
 * from the user or a batch file). Parsing is the core's (curl_url).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/url.h"
#include "auth-audit/factors/factors.h"

int
aa_factors_url_host(const char *url, char *host, size_t hostlen)
{
	struct aa_url u;

	if (aa_url_parse(url, 0, &u) != AA_OK ||
	    aa_url_host(&u, host, hostlen) != AA_OK)
		return AA_ERR_ARG;
	return AA_OK;
}

int
aa_factors_origin(const char *target, char *origin, size_t olen,
    char *host, size_t hlen)
{
	struct aa_url u;
	char *auth = NULL;
	int n, r = AA_ERR_ARG;

	if (target == NULL || *target == '\0' || strlen(target) > 512)
		return AA_ERR_ARG;
	if (aa_url_parse(target, AA_URL_HTTP | AA_URL_GUESS, &u) != AA_OK ||
	    aa_url_host(&u, host, hlen) != AA_OK)
		return AA_ERR_ARG;
	/* A name or an IP literal; anything else is not a host. */
	for (const char *c = u.host; *c != '\0'; c++)
		if (!isalnum((unsigned char)*c) &&
		    !strchr(u.ipv6 ? ":." : ".-_", *c))
			return AA_ERR_ARG;
	/* The target as the user wrote it, up to the end of the authority. */
	if (aa_url_authority(target, AA_URL_GUESS, &auth) != AA_OK)
		goto out;
	n = snprintf(origin, olen, "%s", auth);
	if (n < 0 || (size_t)n >= olen)
		goto out;
	r = AA_OK;
out:
	free(auth);
	return r;
}
