/*
 * The factor inventory: facts with their rank and source.
 *
 * Every fact has a rank: directory data (1) < live probes (2) < what the
 * audit itself saw and the profile's steps (3) < the profile's explicit
 * "offered" declaration (4). A higher rank replaces a lower one's value;
 * at equal rank "offered" wins, because the sources report availability,
 * and one source's silence is not another's denial. Unknown (-1) stays
 * unknown: a result that needs it is not_tested (factors_eval.c).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "auth-audit/factors/factors.h"

int
aa_factors_inv_init(struct aa_factors_inv *inv)
{
	for (int i = 0; i < AA_FACTOR_COUNT; i++) {
		inv->value[i] = -1;
		inv->rank[i] = 0;
	}
	inv->sources = json_object();
	return inv->sources ? AA_OK : AA_ERR_NOMEM;
}

void
aa_factors_inv_release(struct aa_factors_inv *inv)
{
	json_decref(inv->sources);
	inv->sources = NULL;
}

int
aa_factors_inv_add(struct aa_factors_inv *inv, enum aa_factor f,
    int offered, enum aa_factors_rank rank, const char *fmt, ...)
{
	const char *name = aa_factor_name(f);
	json_t *arr, *fact;
	char src[400];
	va_list ap;

	if ((unsigned)f >= AA_FACTOR_COUNT || inv->sources == NULL)
		return AA_ERR_ARG;
	offered = offered ? 1 : 0;
	va_start(ap, fmt);
	vsnprintf(src, sizeof(src), fmt, ap);
	va_end(ap);
	if ((int)rank > inv->rank[f] ||
	    ((int)rank == inv->rank[f] && offered)) {
		inv->value[f] = offered;
		inv->rank[f] = (int)rank;
	}
	if ((arr = json_object_get(inv->sources, name)) == NULL) {
		if ((arr = json_array()) == NULL ||
		    json_object_set_new(inv->sources, name, arr) != 0)
			return AA_ERR_NOMEM;
	}
	fact = json_pack("{s:s, s:b, s:i}", "source", src, "offered", offered,
	    "rank", (int)rank);
	if (fact == NULL || json_array_append_new(arr, fact) != 0)
		return AA_ERR_NOMEM;
	return AA_OK;
}

/* Facts of a directory entry: everything the schema can say yes or no to. */
int
aa_factors_inv_from_dir(struct aa_factors_inv *inv,
    const struct aa_factors_dirent *tfa, int tfa_loaded,
    const struct aa_factors_dirent *pk, int pk_loaded)
{
	static const struct {
		enum aa_factor f;
		unsigned bits;
	} map[] = {
		{ AA_FACTOR_SMS, AA_DIR_SMS },
		{ AA_FACTOR_CALL, AA_DIR_CALL },
		{ AA_FACTOR_EMAIL, AA_DIR_EMAIL },
		{ AA_FACTOR_TOTP, AA_DIR_TOTP },
		{ AA_FACTOR_WEBAUTHN, AA_DIR_U2F },
		{ AA_FACTOR_PUSH, AA_DIR_CUSTOM_SW | AA_DIR_CUSTOM_HW },
	};
	const enum aa_factors_rank R = AA_FACTORS_RANK_DIRECTORY;
	int r = AA_OK;

	if (tfa_loaded && tfa != NULL) {
		for (size_t i = 0; i < sizeof(map) / sizeof(map[0]) && !r; i++) {
			int on = (tfa->methods & map[i].bits) != 0;

			if (map[i].f == AA_FACTOR_PUSH && on)
				r = aa_factors_inv_add(inv, map[i].f, 1, R,
				    "2fa.directory %s: %s%s%s", tfa->key,
				    tfa->custom_software, tfa->custom_software[0] &&
				    tfa->custom_hardware[0] ? ", " : "",
				    tfa->custom_software[0] || tfa->custom_hardware[0] ?
				    tfa->custom_hardware : "custom app or token");
			else
				r = aa_factors_inv_add(inv, map[i].f, on, R,
				    "2fa.directory %s%s", tfa->key,
				    on ? "" : tfa->has_2fa ? " (not listed)" :
				    " (no 2FA)");
		}
	}
	if (pk_loaded && pk != NULL && !r) {
		int on = pk->pk_passwordless != AA_PK_NONE ||
		    pk->pk_mfa != AA_PK_NONE;

		r = aa_factors_inv_add(inv, AA_FACTOR_PASSKEY, on, R,
		    "passkeys directory %s%s%s", pk->key,
		    pk->pk_passwordless ? " (passwordless)" : "",
		    pk->pk_mfa ? " (second factor)" : "");
		if (!r && pk->pk_mfa != AA_PK_NONE)
			r = aa_factors_inv_add(inv, AA_FACTOR_WEBAUTHN, 1, R,
			    "passkeys directory %s (mfa)", pk->key);
	} else if (pk_loaded && pk == NULL && tfa_loaded && tfa != NULL && !r) {
		/* Listed in 2fa.directory but not among passkey sites. */
		r = aa_factors_inv_add(inv, AA_FACTOR_PASSKEY, 0, R,
		    "passkeys directory (not listed)");
	}
	return r;
}

int
aa_factors_inv_from_wk(struct aa_factors_inv *inv,
    const struct aa_factors_wk *w)
{
	const enum aa_factors_rank R = AA_FACTORS_RANK_PROBE;
	int r = AA_OK;

	/* Probes only ever prove presence: a missing file proves nothing. */
	if (w->pk_endpoints)
		r = aa_factors_inv_add(inv, AA_FACTOR_PASSKEY, 1, R,
		    "probe /.well-known/passkey-endpoints");
	if (!r && w->related_origins > 0)
		r = aa_factors_inv_add(inv, AA_FACTOR_WEBAUTHN, 1, R,
		    "probe /.well-known/webauthn (%d related origins)",
		    w->related_origins);
	if (!r && (w->phr || w->phrh))
		r = aa_factors_inv_add(inv, AA_FACTOR_WEBAUTHN, 1, R,
		    "probe openid-configuration acr_values_supported %s",
		    w->phrh ? "phrh" : "phr");
	return r;
}

void
aa_factors_inv_to_report(const struct aa_factors_inv *inv,
    struct aa_report *rep)
{
	for (int f = 0; f < AA_FACTOR_COUNT; f++) {
		const json_t *arr = json_object_get(inv->sources,
		    aa_factor_name((enum aa_factor)f)), *fact;
		size_t i;

		if (inv->value[f] < 0)
			continue;
		json_array_foreach(arr, i, fact) {
			char src[480];
			int off = json_is_true(json_object_get(fact, "offered"));
			int rank = (int)json_integer_value(json_object_get(fact,
			    "rank"));

			snprintf(src, sizeof(src), "%s%s",
			    json_string_value(json_object_get(fact, "source")),
			    off != inv->value[f] ? (rank < inv->rank[f] ?
			    " (outranked)" : " (another source says offered)") :
			    "");
			aa_report_factor(rep, (enum aa_factor)f, inv->value[f],
			    src);
		}
	}
}
