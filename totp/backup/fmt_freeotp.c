/*
 * FreeOTP+ JSON export (research/totp.md §1.5): {"tokens": [{algo, counter,
 * digits, issuerExt, label, period, secret, type}], "tokenOrder": [...]},
 * always plain. `secret` is a Java signed byte array.
 */
#include <string.h>

#include "auth-audit/core/err.h"
#include "totp/backup/backup.h"

#define SEED_MAX 1024

static int
read_freeotp(const json_t *root, const struct aa_totp_read_opts *o,
    struct aa_totp_backup *b, struct aa_diag *diag)
{
	const json_t *tokens = json_object_get(root, "tokens"), *t;
	unsigned char seed[SEED_MAX];
	size_t i;
	int r = AA_OK;

	(void)o;
	(void)diag;
	if (!json_is_array(tokens) || json_object_get(root, "tokenOrder") == NULL)
		return AA_ERR_UNSUPPORTED;
	b->format = "freeotp+";
	aa_totp_backup_kdf(b, json_pack("{s:s}", "name", "none"));
	json_array_foreach(tokens, i, t) {
		const json_t *sec = json_object_get(t, "secret"), *v;
		const char *type = aa_totp_jstr(t, "type");
		size_t n = 0, j;
		int bad = !json_is_array(sec) || json_array_size(sec) > SEED_MAX;

		if (!bad)
			json_array_foreach(sec, j, v) {
				json_int_t x = json_integer_value(v);

				if (!json_is_integer(v) || x < -128 || x > 255) {
					bad = 1;
					break;
				}
				seed[n++] = (unsigned char)(x < 0 ? x + 256 : x);
			}
		if (bad || n == 0) {
			b->skipped++;
			continue;
		}
		r = aa_totp_backup_add_raw(b, type != NULL &&
		    strcmp(type, "HOTP") == 0 ? AA_OTP_HOTP : AA_OTP_TOTP,
		    aa_totp_jstr(t, "issuerExt"), aa_totp_jstr(t, "label"), seed, n,
		    aa_totp_jstr(t, "algo"), aa_totp_jint(t, "digits", 6),
		    aa_totp_jint(t, "period", 30),
		    (uint64_t)aa_totp_jint(t, "counter", 0));
		if (r != AA_OK)
			break;
	}
	aa_wipe(seed, sizeof(seed));
	if (r == AA_OK)
		b->opened = 1;
	return r;
}

const struct aa_totp_reader aa_totp_reader_freeotp = {
	.name = "freeotp",
	.json = read_freeotp,
};
