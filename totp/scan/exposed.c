/*
 * Seeds in places they should never be. The base32 heuristic is tuned for
 * few false positives: a keyword must come shortly before the token on the
 * same line, the token must be upper-case base32 with at least one digit
 * (identifiers such as TOTP_SECRET_KEY have none and contain '_'), 16..128
 * characters, delimited by non-alphanumerics, outside web URLs (ids in
 * documentation links), without a long ascending run (alphabet tables),
 * and decode strictly.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "auth-audit/core/err.h"
#include "totp/backup/backup.h"
#include "totp/seed.h"

#define EXPOSED_CONTEXT 64
#define RUN_MAX 5   /* longest ascending run ("ABCDE") a real seed has */
#define TOKEN_MIN 16
#define TOKEN_MAX 128

static const char *const keywords[] = { "secret", "totp", "otp", "seed",
	"mfa", "2fa", "authenticator" };

/* Is there a keyword in data[from..to) on the token's line? */
static int
keyword_near(const char *data, size_t from, size_t to)
{
	for (size_t i = to; i > from; i--)
		if (data[i - 1] == '\n') {
			from = i;
			break;
		}
	for (size_t i = from; i < to; i++) {
		int c = tolower((unsigned char)data[i]);

		if (c != 's' && c != 't' && c != 'o' && c != 'm' && c != '2' &&
		    c != 'a')
			continue;
		for (size_t k = 0; k < sizeof(keywords) / sizeof(keywords[0]); k++) {
			size_t kl = strlen(keywords[k]);

			if (i + kl <= to && strncasecmp(data + i, keywords[k], kl) == 0)
				return 1;
		}
	}
	return 0;
}

/* Inside a web URL (documentation links carry ids that look like seeds). */
static int
in_url(const char *data, size_t i)
{
	size_t j = i, stop = i > 512 ? i - 512 : 0;

	while (j > stop && !isspace((unsigned char)data[j - 1]) &&
	    data[j - 1] != '"' && data[j - 1] != '\'')
		j--;
	for (; j + 3 <= i; j++)
		if (memcmp(data + j, "://", 3) == 0)
			return j < 7 || strncasecmp(data + j - 7, "otpauth", 7) != 0;
	return 0;
}

/* Alphabet tables and test strings ("ABCDEFGH", "234567") are not seeds. */
static int
ascending_run(const char *t, size_t n)
{
	size_t run = 1;

	for (size_t k = 1; k < n; k++) {
		run = t[k] == t[k - 1] + 1 ? run + 1 : 1;
		if (run > RUN_MAX)
			return 1;
	}
	return 0;
}

static int
b32_char(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7');
}

static int
hit(json_t *hits, size_t max_hits, size_t line, const char *kind,
    const aa_secret_t *seed)
{
	char red[64];

	if (json_array_size(hits) >= max_hits)
		return AA_OK;
	return json_array_append_new(hits, json_pack("{s:I,s:s,s:s,s:i}",
	    "line", (json_int_t)line, "kind", kind, "secret",
	    aa_totp_seed_redact(seed, red, sizeof(red)), "bits",
	    seed != NULL ? (int)(seed->len * 8) : 0)) == 0 ? AA_OK : AA_ERR_NOMEM;
}

static size_t
uri_end(const char *data, size_t i, size_t len)
{
	while (i < len && !isspace((unsigned char)data[i]) && data[i] != '"' &&
	    data[i] != '\'' && data[i] != '<' && data[i] != '>' &&
	    data[i] != '`' && data[i] != ')')
		i++;
	return i;
}

int
aa_totp_exposed_scan(const char *data, size_t len, struct aa_totp_backup *b,
    json_t *hits, size_t max_hits)
{
	size_t line = 1, i = 0, before;
	int r = AA_OK;

	b->format = "exposed";
	while (i < len && r == AA_OK) {
		int c = (unsigned char)data[i];

		if (c == '\n') {
			line++;
			i++;
			continue;
		}
		if ((c == 'o' || c == 'O') && len - i > 10 &&
		    strncasecmp(data + i, "otpauth", 7) == 0) {
			size_t e = uri_end(data, i, len);

			before = b->n;
			if (strncasecmp(data + i, "otpauth://", 10) == 0)
				r = aa_totp_backup_add_uri(b, data + i, e - i);
			else if (len - i >= 20 &&
			    strncasecmp(data + i, "otpauth-migration://", 20) == 0 &&
			    aa_totp_migration_uri(data + i, e - i, b, NULL) != AA_OK)
				b->skipped++;
			for (size_t k = before; k < b->n && r == AA_OK; k++)
				r = hit(hits, max_hits, line, data[i + 7] == '-' ?
				    "otpauth-migration-uri" : "otpauth-uri",
				    b->entries[k].secret);
			i = e > i ? e : i + 1;
			continue;
		}
		if (b32_char(c) && (i == 0 || !isalnum((unsigned char)data[i - 1]))) {
			size_t e = i, digits = 0;
			aa_secret_t *seed = NULL;

			while (e < len && b32_char((unsigned char)data[e]))
				digits += (data[e] >= '2' && data[e] <= '7'), e++;
			while (e < len && e - i < TOKEN_MAX + 8 && data[e] == '=')
				e++; /* trailing padding only */
			if (e - i >= TOKEN_MIN && e - i <= TOKEN_MAX && digits > 0 &&
			    (e == len || !isalnum((unsigned char)data[e])) &&
			    keyword_near(data, i > EXPOSED_CONTEXT ?
			    i - EXPOSED_CONTEXT : 0, i) &&
			    !ascending_run(data + i, e - i) && !in_url(data, i) &&
			    aa_totp_b32_decode(data + i, e - i, &seed, NULL) == AA_OK) {
				before = b->n;
				r = aa_totp_backup_add_raw(b, AA_OTP_TOTP, NULL, NULL,
				    seed->ptr, seed->len, NULL, 6, 30, 0);
				if (r == AA_OK && b->n > before)
					r = hit(hits, max_hits, line, "base32-seed", seed);
			}
			aa_secret_free(&seed);
			i = e > i ? e : i + 1;
			continue;
		}
		i++;
	}
	return r;
}
