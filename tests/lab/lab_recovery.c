/*
 * Recovery codes: generation (which also enables the factor) and their use
 * as the second step of a login. Hardened: 10 codes of 80 bits (16 base32
 * characters shown as XXXX-XXXX-XXXX-XXXX), single use, the factor locks
 * after LAB_LOCK_AFTER consecutive wrong codes. AUTH-RECOVERY-WEAK: 6-digit
 * codes and no lock; AUTH-RECOVERY-REUSE: codes stay valid after use.
 */
#include <ctype.h>
#include <string.h>

#include "tests/lab/lab.h"
#include "tests/lab/lab_int.h"

#define CODE_CHARS 16

static void
clear_codes(struct lab_user *u)
{
	for (size_t i = 0; i < LAB_RECOVERY_N; i++) {
		lab_secret_free(&u->recovery[i]);
		u->recovery_used[i] = 0;
	}
}

void
lab_recovery_on_disabled(struct lab *lab, struct lab_user *u,
    enum lab_factor f)
{
	(void)lab;
	if (f == LAB_F_RECOVERY)
		clear_codes(u);
}

/* One code in stored form (digits, or base32 without separators). */
static void
new_code(int weak, char *out)
{
	static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	unsigned char r[CODE_CHARS];

	lab_rand_bytes(r, sizeof r);
	if (weak) {
		/* 6 digits (modulo bias is irrelevant next to the 20 bits) */
		for (size_t i = 0; i < 6; i++)
			out[i] = (char)('0' + r[i] % 10);
		out[6] = '\0';
	} else {
		for (size_t i = 0; i < CODE_CHARS; i++)
			out[i] = b32[r[i] & 31];
		out[CODE_CHARS] = '\0';
	}
	lab_wipe(r, sizeof r);
}

/* Display form: groups of four joined by '-'. */
static json_t *
shown(const char *code)
{
	char buf[CODE_CHARS + CODE_CHARS / 4 + 1];
	size_t n = strlen(code), o = 0;
	json_t *j;

	if (n != CODE_CHARS)
		return json_string(code);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && i % 4 == 0)
			buf[o++] = '-';
		buf[o++] = code[i];
	}
	buf[o] = '\0';
	j = json_string(buf);
	lab_wipe(buf, sizeof buf);
	return j;
}

int
lab_recovery_generate(struct lab *lab, struct lab_req *rq, struct lab_resp *rs)
{
	struct lab_user *u = rq->user;
	int weak = lab_weak(lab, "AUTH-RECOVERY-WEAK");
	char code[CODE_CHARS + 1];
	json_t *codes = json_array();

	if (!lab_require_enroll(lab, rq, rs)) {
		json_decref(codes);
		return 0;
	}
	if (codes == NULL)
		return lab_reply_error(lab, rs, LAB_E_INTERNAL);
	clear_codes(u);
	for (size_t i = 0; i < LAB_RECOVERY_N; i++) {
		new_code(weak, code);
		u->recovery[i] = lab_secret_dup(code);
		json_array_append_new(codes, shown(code));
	}
	lab_wipe(code, sizeof code);
	lab_user_factor_enable(u, LAB_F_RECOVERY);
	/* a fresh set ends an earlier lock */
	memset(&u->lock[LAB_F_RECOVERY], 0, sizeof u->lock[LAB_F_RECOVERY]);
	return lab_reply_ok(lab, rs, json_pack("{s:o}", "codes", codes));
}

/* Uppercase, drop '-' and spaces; 0 if it cannot be a code. */
static int
normalize(const char *in, char *out, size_t outlen)
{
	size_t o = 0;

	for (; *in != '\0'; in++) {
		if (*in == '-' || *in == ' ')
			continue;
		if (o + 1 >= outlen)
			return 0;
		out[o++] = (char)toupper((unsigned char)*in);
	}
	out[o] = '\0';
	return o > 0;
}

static int
verify(struct lab *lab, struct lab_user *u, const char *code, void *ctx)
{
	char norm[CODE_CHARS + 8];
	int hit = -1;

	(void)ctx;
	if (!normalize(code, norm, sizeof norm))
		return 0;
	/* look at every slot so timing does not tell which one matched */
	for (size_t i = 0; i < LAB_RECOVERY_N; i++)
		if (u->recovery[i] != NULL && !u->recovery_used[i] &&
		    lab_ct_streq(u->recovery[i], norm))
			hit = (int)i;
	lab_wipe(norm, sizeof norm);
	if (hit < 0)
		return 0;
	if (!lab_weak(lab, "AUTH-RECOVERY-REUSE"))
		u->recovery_used[hit] = 1;
	return 1;
}

int
lab_recovery_verify(struct lab *lab, struct lab_req *rq, struct lab_resp *rs)
{
	struct lab_code_spec spec = {
		.factor = LAB_F_RECOVERY,
		.verify = verify,
		.max_fails = lab_weak(lab, "AUTH-RECOVERY-WEAK") ? 0 :
		    LAB_LOCK_AFTER,
	};

	return lab_second_factor(lab, rq, rs, &spec);
}
