/*
 * E.164 syntax checks (ours: providers' rules) and the destination
 * classification (libphonenumber's, through phone.h).
 */
#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "sms-sim/sim/country.h"

static const char *const type_names[AA_PHONE_TYPE_COUNT] = {
	"fixed_line", "mobile", "fixed_line_or_mobile", "toll_free",
	"premium_rate", "shared_cost", "voip", "personal_number", "pager",
	"uan", "voicemail", "unknown",
};

int
aa_sms_e164_valid(const char *s)
{
	size_t n;

	if (s == NULL || s[0] != '+' || s[1] < '1' || s[1] > '9')
		return 0;
	for (n = 1; s[n] != '\0'; n++)
		if (!isdigit((unsigned char)s[n]))
			return 0;
	n--;
	return n >= 8 && n <= 15;
}

int
aa_sms_e164_normalize(const char *in, char *out, size_t outlen)
{
	const char *p = in;

	if (in == NULL || out == NULL || outlen < AA_SMS_E164_MAX + 1)
		return AA_ERR_ARG;
	out[0] = '\0';
	/* An unescaped '+' in a query or form decodes to a space. */
	if (p[0] == '+' || p[0] == ' ')
		p++;
	else if (p[0] == '0' && p[1] == '0')
		p += 2;
	if (strlen(p) > 15)
		return AA_ERR_PARSE;
	out[0] = '+';
	strcpy(out + 1, p);
	if (!aa_sms_e164_valid(out)) {
		out[0] = '\0';
		return AA_ERR_PARSE;
	}
	return AA_OK;
}

/*
 * libphonenumber's answer is a pure function of the number, and its
 * regexes (ICU, behind one lock of its own) cost most of a send in
 * sms-sim: answers are kept in a 4-way set-associative table (16,384
 * numbers), a lock per stripe of sets. A pumping run, or a service's retries, send to the same
 * numbers again.
 */
#define CACHE_SETS 4096
#define CACHE_WAYS 4
#define CACHE_STRIPES 64

struct cached {
	char key[AA_SMS_E164_MAX + 1];
	int r;
	struct aa_sms_country c;
};

static struct cached cache[CACHE_SETS][CACHE_WAYS];
static unsigned char victim[CACHE_SETS]; /* the way the next miss takes */
static pthread_mutex_t stripe[CACHE_STRIPES] = {
#define M PTHREAD_MUTEX_INITIALIZER
#define M8 M, M, M, M, M, M, M, M
	M8, M8, M8, M8, M8, M8, M8, M8
#undef M8
#undef M
};

static size_t
slot_of(const char *e164)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	for (const unsigned char *p = (const unsigned char *)e164; *p; p++)
		h = (h ^ *p) * 16777619u;
	/* numbers differ in their last digits: mix them into the low bits */
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	return h % CACHE_SETS;
}

static int
classify(const char *e164, struct aa_sms_country *out)
{
	struct aa_phone_info pi;
	int r;

	if ((r = aa_phone_classify(e164, &pi)) != AA_OK)
		return r;
	/* "001": a calling code of no country (international freephone,
	 * satellite and global networks); providers do not route texts
	 * there and it has no ISO code, so it counts as unassigned. */
	if (strlen(pi.region) != 2 || strcmp(pi.region, "ZZ") == 0)
		return AA_ERR_NOTFOUND;
	memcpy(out->iso, pi.region, 3);
	snprintf(out->cc, sizeof(out->cc), "%d", pi.cc);
	out->valid = pi.valid;
	out->type = pi.valid ? pi.type : AA_PHONE_UNKNOWN;
	return AA_OK;
}

int
aa_sms_country_of(const char *e164, struct aa_sms_country *out)
{
	struct cached *c;
	pthread_mutex_t *mu;
	size_t i;
	int r;

	memset(out, 0, sizeof(*out));
	strcpy(out->iso, "ZZ");
	out->type = AA_PHONE_UNKNOWN;
	if (!aa_sms_e164_valid(e164))
		return AA_ERR_PARSE;
	i = slot_of(e164);
	mu = &stripe[i % CACHE_STRIPES];
	pthread_mutex_lock(mu);
	for (int w = 0; w < CACHE_WAYS; w++)
		if (strcmp(cache[i][w].key, e164) == 0) {
			*out = cache[i][w].c;
			r = cache[i][w].r;
			pthread_mutex_unlock(mu);
			return r;
		}
	pthread_mutex_unlock(mu);
	r = classify(e164, out);
	if (r == AA_OK || r == AA_ERR_NOTFOUND) { /* not on ENOMEM */
		pthread_mutex_lock(mu);
		c = &cache[i][victim[i]];
		victim[i] = (unsigned char)((victim[i] + 1) % CACHE_WAYS);
		snprintf(c->key, sizeof(c->key), "%s", e164);
		c->c = *out;
		c->r = r;
		pthread_mutex_unlock(mu);
	}
	return r;
}

int
aa_sms_country_cc(const char *iso)
{
	return iso != NULL && strlen(iso) == 2 ? aa_phone_region_cc(iso) : 0;
}

const char *
aa_sms_type_name(enum aa_phone_type t)
{
	return (unsigned)t < AA_PHONE_TYPE_COUNT ? type_names[t] : "unknown";
}

int
aa_sms_type_parse(const char *name, enum aa_phone_type *t)
{
	for (int i = 0; name != NULL && i < AA_PHONE_TYPE_COUNT; i++)
		if (strcmp(name, type_names[i]) == 0) {
			*t = (enum aa_phone_type)i;
			return AA_OK;
		}
	return AA_ERR_PARSE;
}
