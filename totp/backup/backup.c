/*
 * Backup model shared by the format readers: entries and the KDF verdict.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "totp/backup/backup.h"

void
aa_totp_read_opts_default(struct aa_totp_read_opts *o)
{
	memset(o, 0, sizeof(*o));
	aa_totp_kdf_limits_default(&o->kdf);
	o->max_entries = AA_TOTP_ENTRIES_MAX;
}

void
aa_totp_backup_init(struct aa_totp_backup *b, size_t max_entries)
{
	memset(b, 0, sizeof(*b));
	b->max_entries = max_entries ? max_entries : AA_TOTP_ENTRIES_MAX;
}

void
aa_totp_backup_release(struct aa_totp_backup *b)
{
	size_t max = b->max_entries;

	for (size_t i = 0; i < b->n; i++) {
		free(b->entries[i].issuer);
		free(b->entries[i].name);
		aa_secret_free(&b->entries[i].secret);
	}
	free(b->entries);
	json_decref(b->kdf);
	aa_totp_backup_init(b, max);
}

const char *
aa_totp_jstr(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

enum aa_otp_type
aa_totp_jtype(const json_t *o, const char *key, int upper)
{
	const char *s = aa_totp_jstr(o, key);

	if (s != NULL && strcmp(s, upper ? "HOTP" : "hotp") == 0)
		return AA_OTP_HOTP;
	if (s != NULL && strcmp(s, upper ? "STEAM" : "steam") == 0)
		return AA_OTP_STEAM;
	return AA_OTP_TOTP;
}

long
aa_totp_jint(const json_t *o, const char *key, long dflt)
{
	const json_t *v = json_object_get(o, key);

	if (json_is_integer(v))
		return (long)json_integer_value(v);
	if (json_is_string(v)) {
		char *end;
		long n = strtol(json_string_value(v), &end, 10);

		if (*end == '\0' && end != json_string_value(v))
			return n;
	}
	return dflt;
}

static char *
field(const char *s)
{
	return s != NULL ? strndup(s, AA_TOTP_FIELD_MAX) : NULL;
}

int
aa_totp_backup_add_raw(struct aa_totp_backup *b, enum aa_otp_type type,
    const char *issuer, const char *name, const void *seed, size_t seedlen,
    const char *algo, long digits, long period, uint64_t counter)
{
	struct aa_totp_entry *e;

	if (seed == NULL || seedlen == 0 || seedlen > 1024) {
		b->skipped++;
		return AA_OK;
	}
	if (b->n >= b->max_entries)
		return AA_ERR_TOOBIG;
	if (b->n == b->cap) {
		size_t nc = b->cap ? b->cap * 2 : 16;
		void *p = realloc(b->entries, nc * sizeof(*b->entries));

		if (p == NULL)
			return AA_ERR_NOMEM;
		b->entries = p;
		b->cap = nc;
	}
	e = &b->entries[b->n];
	memset(e, 0, sizeof(*e));
	e->type = type;
	aa_totp_params_default(&e->params);
	if (algo != NULL)
		aa_totp_algo_parse(algo, &e->params.algo);
	if (digits >= AA_TOTP_DIGITS_MIN && digits <= AA_TOTP_DIGITS_MAX)
		e->params.digits = (unsigned)digits;
	if (period > 0 && period <= (long)AA_TOTP_PERIOD_MAX)
		e->params.period = (unsigned)period;
	e->counter = counter;
	e->issuer = field(issuer);
	e->name = field(name);
	if ((e->secret = aa_secret_new(seed, seedlen)) == NULL) {
		free(e->issuer);
		free(e->name);
		return AA_ERR_NOMEM;
	}
	b->n++;
	return AA_OK;
}

int
aa_totp_backup_add(struct aa_totp_backup *b, enum aa_otp_type type,
    const char *issuer, const char *name, const char *secret_b32,
    const char *algo, long digits, long period, uint64_t counter)
{
	aa_secret_t *seed = NULL;
	int r;

	if (secret_b32 == NULL ||
	    aa_totp_b32_decode(secret_b32, strlen(secret_b32), &seed, NULL) != AA_OK) {
		b->skipped++;
		return AA_OK;
	}
	r = aa_totp_backup_add_raw(b, type, issuer, name, seed->ptr, seed->len,
	    algo, digits, period, counter);
	aa_secret_free(&seed);
	return r;
}

int
aa_totp_backup_add_uri(struct aa_totp_backup *b, const char *uri, size_t len)
{
	struct aa_totp_uri *u = NULL;
	const char *issuer;
	int r;

	if (aa_totp_uri_parse(uri, len, &u, NULL) != AA_OK) {
		b->skipped++;
		return AA_OK;
	}
	issuer = u->issuer != NULL ? u->issuer : u->label_issuer;
	r = aa_totp_backup_add_raw(b, u->type, issuer, u->account,
	    u->secret->ptr, u->secret->len, aa_totp_algo_name(u->params.algo),
	    u->params.digits, u->params.period, u->counter);
	aa_totp_uri_free(&u);
	return r;
}

void
aa_totp_backup_kdf(struct aa_totp_backup *b, json_t *kdf)
{
	const char *name = aa_totp_jstr(kdf, "name");
	long long iter = json_integer_value(json_object_get(kdf, "iterations"));
	long long n = json_integer_value(json_object_get(kdf, "n"));
	long long r = json_integer_value(json_object_get(kdf, "r"));
	long long min = 0;

	json_decref(b->kdf);
	b->kdf = kdf;
	b->weak_kdf = 0;
	b->kdf_why[0] = '\0';
	if (name == NULL || strcmp(name, "none") == 0 ||
	    strcmp(name, "sha256") == 0) {
		b->weak_kdf = 1;
		snprintf(b->kdf_why, sizeof(b->kdf_why),
		    "key is %s of the password, no key stretching",
		    name != NULL && strcmp(name, "sha256") == 0 ? "one SHA-256" :
		    "derived directly");
		return;
	}
	if (strcmp(name, "scrypt") == 0) {
		/* Aegis's N=2^15, r=8 is the bar of checks.md. */
		if (n * (r > 0 ? r : 1) < 32768LL * 8) {
			b->weak_kdf = 1;
			snprintf(b->kdf_why, sizeof(b->kdf_why),
			    "scrypt N=%lld r=%lld is below N=2^15 r=8", n, r);
		}
		return;
	}
	if (strcmp(name, "argon2id") == 0) {
		long long mib = json_integer_value(json_object_get(kdf,
		    "memory_mib"));

		if (mib < 19 || iter < 2) {
			b->weak_kdf = 1;
			snprintf(b->kdf_why, sizeof(b->kdf_why), "argon2id with "
			    "%lld MiB and %lld passes, below 19 MiB / 2 passes",
			    mib, iter);
		}
		return;
	}
	if (strcmp(name, "pbkdf2-sha1") == 0)
		min = 1300000;
	else if (strcmp(name, "pbkdf2-sha256") == 0)
		min = 600000;
	else if (strcmp(name, "pbkdf2-sha512") == 0)
		min = 210000;
	if (min > 0 && iter < min) {
		b->weak_kdf = 1;
		snprintf(b->kdf_why, sizeof(b->kdf_why),
		    "%s with %lld iterations, below the %lld OWASP recommends",
		    name, iter, min);
	}
}

json_t *
aa_totp_json_load(const char *data, size_t len)
{
	size_t i = 0;

	while (i < len && (data[i] == ' ' || data[i] == '\n' ||
	    data[i] == '\r' || data[i] == '\t'))
		i++;
	/* Only objects and arrays can be backups; skip the parse otherwise. */
	if (i == len || (data[i] != '{' && data[i] != '[') ||
	    len > AA_TOTP_FILE_MAX)
		return NULL;
	return json_loadb(data, len, 0, NULL);
}
