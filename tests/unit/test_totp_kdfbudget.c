/*
 * totp/kdf.c work budgets: derivations are charged before they run, a
 * file's budget starts afresh, the scan's carries on, and a derivation
 * that would cross either is refused (AA_ERR_DENIED) without running.
 */
#include <string.h>

#include "auth-audit/core/err.h"
#include "totp/kdf.h"
#include "tests/unit/tap.h"

int
main(void)
{
	struct aa_totp_kdf_limits lim;
	struct aa_totp_kdf_work w = { 0, 0 };
	struct aa_diag d = { "" };
	unsigned char salt[16] = { 1 }, key[32];
	aa_secret_t *pw = aa_secret_new_str("pw");

	aa_totp_kdf_limits_default(&lim);
	ok(lim.work_file_max == AA_TOTP_KDF_WORK_FILE &&
	    lim.work_scan_max == AA_TOTP_KDF_WORK_SCAN, "documented defaults");
	lim.work = &w;
	lim.work_file_max = 3000;
	lim.work_scan_max = 5000;
	is_int(aa_totp_pbkdf2("SHA256", pw, salt, sizeof(salt), 2000, &lim,
	    key, &d), AA_OK, "2000 iterations within both budgets");
	ok(w.file == 2000 && w.scan == 2000, "  charged");
	is_int(aa_totp_pbkdf2("SHA256", pw, salt, sizeof(salt), 2000, &lim,
	    key, &d), AA_ERR_DENIED, "2000 more: over the file's budget");
	ok(strstr(d.msg, "one file") != NULL, "  says which: %s", d.msg);
	ok(w.file == 2000, "  not charged");
	w.file = 0; /* the next file */
	is_int(aa_totp_scrypt(pw, salt, sizeof(salt), 1024, 2, 1, &lim, key,
	    &d), AA_OK, "scrypt N*r*p = 2048 in the next file");
	w.file = 0; /* and the one after */
	is_int(aa_totp_scrypt(pw, salt, sizeof(salt), 1024, 1, 1, &lim, key,
	    &d), AA_ERR_DENIED, "1024 more: over the scan's budget");
	ok(strstr(d.msg, "the scan") != NULL, "  says which: %s", d.msg);
	lim.work = NULL;
	is_int(aa_totp_pbkdf2("SHA1", pw, salt, sizeof(salt), 10000, &lim,
	    key, &d), AA_OK, "without a counter nothing is budgeted");
	aa_secret_free(&pw);
	return tap_done();
}
