/*
 * Target names for the probes: the origin and host of a URL or a bare
 * domain, checked to be a host name or an IP literal (the target comes
 * from the user or a batch file).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "auth-audit/factors/factors.h"

/* Host part of a URL's authority (no userinfo, no port), lower-case. */
int
aa_factors_url_host(const char *url, char *host, size_t hostlen,
    const char **authority_end)
{
	const char *a = strstr(url, "://"), *e, *at;
	size_t n;

	if (a == NULL)
		return AA_ERR_ARG;
	a += 3;
	e = a + strcspn(a, "/?#");
	if ((at = memchr(a, '@', (size_t)(e - a))) != NULL)
		a = at + 1;
	if (authority_end != NULL)
		*authority_end = e;
	if (*a == '[') {
		const char *rb = memchr(a, ']', (size_t)(e - a));

		if (rb == NULL)
			return AA_ERR_ARG;
		n = (size_t)(rb - a) + 1;
	} else {
		const char *colon = memchr(a, ':', (size_t)(e - a));

		n = (size_t)((colon ? colon : e) - a);
	}
	if (n == 0 || n >= hostlen)
		return AA_ERR_ARG;
	for (size_t i = 0; i < n; i++)
		host[i] = (char)((a[i] >= 'A' && a[i] <= 'Z') ? a[i] + 32 : a[i]);
	host[n] = '\0';
	return AA_OK;
}

int
aa_factors_origin(const char *target, char *origin, size_t olen,
    char *host, size_t hlen)
{
	const char *end;
	char tmp[600];
	int n;

	if (target == NULL || *target == '\0' || strlen(target) > 512)
		return AA_ERR_ARG;
	if (strstr(target, "://") == NULL) {
		n = snprintf(tmp, sizeof(tmp), "https://%s", target);
		if (n < 0 || (size_t)n >= sizeof(tmp))
			return AA_ERR_ARG;
		target = tmp;
	}
	if (strncasecmp(target, "http://", 7) != 0 &&
	    strncasecmp(target, "https://", 8) != 0)
		return AA_ERR_ARG;
	if (aa_factors_url_host(target, host, hlen, &end) != AA_OK)
		return AA_ERR_ARG;
	/* A name or an IP literal; anything else is not a host. */
	for (const char *c = host; *c != '\0'; c++)
		if (!isalnum((unsigned char)*c) && !strchr(host[0] == '[' ?
		    "[]:." : ".-_", *c))
			return AA_ERR_ARG;
	n = snprintf(origin, olen, "%.*s", (int)(end - target), target);
	if (n < 0 || (size_t)n >= olen)
		return AA_ERR_ARG;
	return AA_OK;
}
