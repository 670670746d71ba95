/*
 * HOTP/TOTP through liboath. This is the only file that includes
 * <liboath/oath.h>; the rest of the project sees totp/engine.h.
 */
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <liboath/oath.h>

#include "auth-audit/core/err.h"
#include "totp/engine.h"

static pthread_once_t oath_once = PTHREAD_ONCE_INIT;
static int oath_ready;

static void
engine_setup(void)
{
	oath_ready = oath_init() == OATH_OK;
}

void
aa_totp_params_default(struct aa_totp_params *p)
{
	p->algo = AA_TOTP_SHA1;
	p->digits = 6;
	p->period = 30;
}

const char *
aa_totp_algo_name(enum aa_totp_algo a)
{
	switch (a) {
	case AA_TOTP_SHA256: return "SHA256";
	case AA_TOTP_SHA512: return "SHA512";
	case AA_TOTP_SHA1: break;
	}
	return "SHA1";
}

int
aa_totp_algo_parse(const char *s, enum aa_totp_algo *out)
{
	static const struct { const char *name; enum aa_totp_algo a; } t[] = {
		{ "SHA1", AA_TOTP_SHA1 }, { "SHA-1", AA_TOTP_SHA1 },
		{ "HmacSHA1", AA_TOTP_SHA1 }, { "HMAC-SHA-1", AA_TOTP_SHA1 },
		{ "SHA256", AA_TOTP_SHA256 }, { "SHA-256", AA_TOTP_SHA256 },
		{ "HmacSHA256", AA_TOTP_SHA256 }, { "HMAC-SHA-256", AA_TOTP_SHA256 },
		{ "SHA512", AA_TOTP_SHA512 }, { "SHA-512", AA_TOTP_SHA512 },
		{ "HmacSHA512", AA_TOTP_SHA512 }, { "HMAC-SHA-512", AA_TOTP_SHA512 },
	};

	if (s == NULL)
		return AA_ERR_ARG;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcasecmp(s, t[i].name) == 0) {
			*out = t[i].a;
			return AA_OK;
		}
	return AA_ERR_UNSUPPORTED;
}

static int
algo_flags(enum aa_totp_algo a)
{
	switch (a) {
	case AA_TOTP_SHA256: return OATH_TOTP_HMAC_SHA256;
	case AA_TOTP_SHA512: return OATH_TOTP_HMAC_SHA512;
	case AA_TOTP_SHA1: break;
	}
	return 0;
}

/*
 * liboath's HOTP entry point is SHA1-only, so every code goes through
 * oath_totp_generate2 with a 1-second step and time = counter, which makes
 * its time step exactly the HOTP counter (RFC 6238 is HOTP over T).
 */
static int
gen(const aa_secret_t *key, enum aa_totp_algo algo, unsigned digits,
    uint64_t counter, char *out)
{
	char buf[AA_TOTP_CODE_MAX + 8];

	if (key == NULL || key->ptr == NULL || key->len == 0 || out == NULL ||
	    digits < AA_TOTP_DIGITS_MIN || digits > AA_TOTP_DIGITS_MAX ||
	    counter > (uint64_t)INT64_MAX)
		return AA_ERR_ARG;
	if (sizeof(time_t) < sizeof(int64_t) && counter > (uint64_t)INT32_MAX)
		return AA_ERR_ARG;
	pthread_once(&oath_once, engine_setup);
	if (!oath_ready)
		return AA_ERR_CRYPTO;
	if (oath_totp_generate2((const char *)key->ptr, key->len,
	    (time_t)counter, 1, 0, digits, algo_flags(algo), buf) != OATH_OK) {
		memset(buf, 0, sizeof(buf));
		return AA_ERR_CRYPTO;
	}
	memcpy(out, buf, digits);
	out[digits] = '\0';
	memset(buf, 0, sizeof(buf));
	return AA_OK;
}

int
aa_totp_hotp(const aa_secret_t *key, enum aa_totp_algo algo, unsigned digits,
    uint64_t counter, char *out)
{
	return gen(key, algo, digits, counter, out);
}

int64_t
aa_totp_step(const struct aa_totp_params *p, time_t t)
{
	if (p == NULL || p->period == 0 || t < 0)
		return -1;
	return (int64_t)t / (int64_t)p->period;
}

int
aa_totp_code_at_step(const aa_secret_t *key, const struct aa_totp_params *p,
    int64_t step, char *out)
{
	if (p == NULL || step < 0 || p->period == 0 ||
	    p->period > AA_TOTP_PERIOD_MAX)
		return AA_ERR_ARG;
	return gen(key, p->algo, p->digits, (uint64_t)step, out);
}

int
aa_totp_code(const aa_secret_t *key, const struct aa_totp_params *p, time_t t,
    char *out)
{
	int64_t step = aa_totp_step(p, t);

	if (step < 0)
		return AA_ERR_ARG;
	return aa_totp_code_at_step(key, p, step, out);
}
