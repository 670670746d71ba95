/*
 * libFuzzer harness for the well-known parsers and the probe plan: every
 * parser gets the input as a body, then a plan is driven with the input
 * as the answer to each probe (status and Location from its first bytes),
 * which exercises the soft-404 guard and the redirect rules too.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "auth-audit/factors/factors.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const long statuses[] = { 200, 301, 302, 303, 307, 308, 404, 500 };
	const char *b = (const char *)data;
	struct aa_factors_probe *p = NULL;
	struct aa_factors_wk w;
	const char *url;
	json_t *ev;
	char loc[128];
	int n = 0;

	memset(&w, 0, sizeof(w));
	aa_factors_wk_passkey_endpoints(b, size, &w);
	aa_factors_wk_webauthn(b, size, &w);
	aa_factors_wk_oidc(b, size, &w);
	aa_factors_wk_security_txt(b, size, 1800000000, &w);
	aa_factors_wk_aasa(b, size, &w);
	aa_factors_wk_assetlinks(b, size, &w);

	if (size < 2 || aa_factors_probe_new("https://fuzz.example", &p) != AA_OK)
		return 0;
	/* Location: the bytes after the first two, up to a newline. */
	memset(loc, 0, sizeof(loc));
	for (size_t i = 2; i < size && i - 2 < sizeof(loc) - 1 &&
	    data[i] != '\n' && data[i] != '\0'; i++)
		loc[i - 2] = (char)data[i];
	while ((url = aa_factors_probe_next(p)) != NULL && n++ < 64) {
		long st = statuses[(data[0] + n) % 8];
		struct aa_buf body;

		aa_buf_init(&body, AA_FACTORS_WK_MAX_BODY);
		aa_buf_append(&body, b, size);
		aa_factors_probe_feed(p, (data[1] & 0x80) && n == 3 ?
		    AA_ERR_NET : AA_OK, st, (data[1] & 1) ? "application/json" :
		    "text/html", loc[0] ? loc : NULL, &body);
		aa_buf_release(&body);
	}
	aa_factors_probe_result(p, 1800000000, &w);
	ev = aa_factors_probe_evidence(p);
	json_decref(ev);
	aa_factors_probe_free(&p);
	return 0;
}
