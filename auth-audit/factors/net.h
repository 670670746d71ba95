/*
 * libcurl plumbing shared by the factors drivers (single target, batch,
 * cache download). Internal to factors_*.c.
 */
#ifndef AA_FACTORS_NET_H
#define AA_FACTORS_NET_H

#include <curl/curl.h>

#include "auth-audit/core/buf.h"
#include "auth-audit/factors/factors.h"

struct aa_factors_xfer {
	CURL *easy;
	struct curl_slist *resolve;
	struct aa_buf body;
	char errbuf[CURL_ERROR_SIZE];
	const struct aa_factors_net *net;
	void *user;          /* the driver's own pointer */
	/* "scheme://host[:port]/" of the last URL the loopback rule let
	 * through: a target's probes share it, so it is parsed once. */
	char allowed[300];
};

/* New easy handle with our options (no redirects, bounded body, resolve). */
int aa_factors_xfer_init(struct aa_factors_xfer *x,
    const struct aa_factors_net *net, size_t max_body);
void aa_factors_xfer_release(struct aa_factors_xfer *x);
/* Point the handle at url (body reset); AA_ERR_DENIED by loopback_only. */
int aa_factors_xfer_prepare(struct aa_factors_xfer *x, const char *url);
/* Hand a finished transfer's answer to the probe plan. */
int aa_factors_xfer_feed(struct aa_factors_xfer *x, CURLcode rc,
    struct aa_factors_probe *p);
/* AA_ERR_* for a curl result code. */
int aa_factors_curl_err(CURLcode rc);

#endif
