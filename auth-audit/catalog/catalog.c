/*
 * The catalog: checks.def expanded into the table of definitions. Order is
 * the table's (that of the spec), so reports list results stably.
 */
#include <stddef.h>
#include <string.h>

#include "auth-audit/catalog/check.h"

#define MOD_factors "factors"
#define MOD_auth "auth"
#define MOD_totp "totp"
#define MOD_totp_backup "totp-backup"
#define MOD_fido "fido"
#define MOD_sms "sms"

#define CRIT AA_SEV_CRITICAL
#define HIGH AA_SEV_HIGH
#define MED AA_SEV_MEDIUM
#define LOW AA_SEV_LOW
#define INFO AA_SEV_INFO
#define M4 AA_OWASP_M4
#define M6 AA_OWASP_M6
#define F_PRIVACY AA_CHECK_PRIVACY
#define F_SOFTKEY AA_CHECK_SOFTKEY
#define F_OFFLINE AA_CHECK_OFFLINE
#define F_INFO AA_CHECK_INFO
#define INV AA_PHASE_INV
#define PASSIVE AA_PHASE_PASSIVE
#define MAIN AA_PHASE_MAIN
#define SPEND AA_PHASE_SPEND
#define LOCK AA_PHASE_LOCK
#define OFFLINE AA_PHASE_OFFLINE
#define N_2FA AA_NEED_2FA
#define N_FULL AA_NEED_FULL
#define N_CODE AA_NEED_CODE
#define N_TWO AA_NEED_TWO
#define N_TOTP AA_NEED_TOTP
#define N_TOTP_ENROLLED AA_NEED_TOTP_ENROLLED
#define N_SMS AA_NEED_SMS
#define N_RECOVERY AA_NEED_RECOVERY
#define N_WEBAUTHN AA_NEED_WEBAUTHN
#define N_KEY AA_NEED_KEY
#define N_SOFTKEY AA_NEED_SOFTKEY
#define N_CRED AA_NEED_CRED

static const struct aa_check_def catalog[] = {
#define AA_CHECK(e, id, mod, sev, o16, o24, cwe, fl, ph, nd, st, tch, fn, \
    title, rem) \
	{ AA_CK_##e, id, MOD_##mod, sev, o16, o24, cwe, fl, ph, nd, st, tch, \
	    title, rem },
#include "auth-audit/catalog/checks.def"
#undef AA_CHECK
};

#define NCHECKS (sizeof(catalog) / sizeof(catalog[0]))

/* The table expands in enum order, so an id indexes it directly. */
_Static_assert(NCHECKS == AA_CK_COUNT, "checks.def expanded twice alike");

size_t
aa_check_count(void)
{
	return NCHECKS;
}

const struct aa_check_def *
aa_check_at(size_t i)
{
	return i < NCHECKS ? &catalog[i] : NULL;
}

const struct aa_check_def *
aa_check_def(enum aa_check_id id)
{
	return (unsigned)id < NCHECKS ? &catalog[id] : NULL;
}

const char *
aa_check_name(enum aa_check_id id)
{
	return (unsigned)id < NCHECKS ? catalog[id].id : "?";
}

/* ~60 entries: a linear scan is cheaper than keeping an index in sync. */
const struct aa_check_def *
aa_check_find(const char *id)
{
	if (id == NULL)
		return NULL;
	for (size_t i = 0; i < NCHECKS; i++)
		if (strcmp(catalog[i].id, id) == 0)
			return &catalog[i];
	return NULL;
}
