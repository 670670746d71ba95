/*
 * AUTH-RECOVERY-WEAK: recovery codes are long-lived single factors, so
 * each needs 64 bits or more and guessing must be limited.
 *
 * Entropy: from the codes of a batch, separators ('-', ' ') removed, the
 * smallest alphabet that holds every character (digits 10, hex 16, base32
 * 32, one-case alphanumeric 36, mixed-case 62, printable 94) and the
 * shortest length: bits = length * log2(alphabet).
 * Rate limit (lock phase, so it runs after every probe that needs the
 * account): up to AA_AUTH_RECOVERY_GUESSES wrong codes of the same shape
 * in one pending login, then a valid one. Still accepted with no 429 /
 * 423 / Retry-After seen = no limit; the baseline proved such a code
 * opens `protected`, so a refusal after the guesses is the limit acting.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "auth-audit/auth/auth_int.h"
#include "auth-audit/core/err.h"

static const struct {
	const char *name;
	const char *chars;
} alphabets[] = {
	{"digits", "0123456789"},
	{"hex", "0123456789abcdef"},
	{"base32", "abcdefghijklmnopqrstuvwxyz234567"},
	{"alphanumeric", "0123456789abcdefghijklmnopqrstuvwxyz"},
	{"mixed-case alphanumeric", NULL}, /* 62 */
	{"printable", NULL},               /* 94 */
};

static int
is_sep(int ch)
{
	return ch == '-' || ch == ' ';
}

/* Index of the smallest alphabet holding code `s`, at least `lo`. */
static size_t
classify(const char *s, size_t lo, size_t *len)
{
	int upper = 0, lower = 0, other = 0;
	size_t k = lo, n = 0;
	const char *p;

	for (p = s; *p != '\0'; p++) {
		int ch = (unsigned char)*p;

		if (is_sep(ch))
			continue;
		n++;
		upper |= ch >= 'A' && ch <= 'Z';
		lower |= ch >= 'a' && ch <= 'z';
		other |= !(ch >= '0' && ch <= '9') && !(ch >= 'A' && ch <= 'Z') &&
		    !(ch >= 'a' && ch <= 'z');
		while (k < 4 && strchr(alphabets[k].chars,
		    ch >= 'A' && ch <= 'Z' ? ch + 32 : ch) == NULL)
			k++;
	}
	*len = n;
	if (other)
		return 5;
	if (upper && lower && k < 4)
		k = 4;
	return k;
}

static unsigned
alpha_size(size_t k)
{
	static const unsigned sizes[] = {10, 16, 32, 36, 62, 94};

	return sizes[k];
}

static void
note_one(struct aa_auth_state *st, const char *code, size_t *k)
{
	size_t len, i;

	*k = classify(code, *k, &len);
	if (st->batch_count == 0 || len < st->batch_minlen)
		st->batch_minlen = len;
	if (st->batch_count == 0) {
		for (i = 0; code[i] != '\0' && i + 1 < sizeof(st->batch_sample);
		    i++)
			st->batch_sample[i] = is_sep((unsigned char)code[i]) ?
			    code[i] : 'x';
		st->batch_sample[i] = '\0';
	}
	st->batch_count++;
}

void
aa_auth_batch_note(struct aa_auth_state *st, const json_t *codes)
{
	char buf[128];
	const char *p;
	json_t *v;
	size_t i, n, k = 0;

	st->batch_count = 0;
	if (json_is_array(codes)) {
		json_array_foreach(codes, i, v)
			if (json_is_string(v))
				note_one(st, json_string_value(v), &k);
	} else {
		for (p = json_string_value(codes); p && *p; p += n) {
			p += strspn(p, " \t\r\n,;");
			n = strcspn(p, " \t\r\n,;");
			if (n > 0 && n < sizeof(buf)) {
				memcpy(buf, p, n);
				buf[n] = '\0';
				note_one(st, buf, &k);
				aa_wipe(buf, n);
			}
		}
	}
	st->batch_seen = st->batch_count > 0;
	st->batch_alphabet = alpha_size(k);
	snprintf(st->batch_class, sizeof(st->batch_class), "%s",
	    alphabets[k].name);
}

/* A wrong code with the batch's shape (not a secret). */
static void
wrong_code(const struct aa_auth_state *st, unsigned *seed,
    char *out, size_t outlen)
{
	static const char set62[] =
	    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
	const char *set = set62;
	size_t i, n = st->batch_alphabet > 62 ? 62 : st->batch_alphabet;

	if (st->batch_alphabet == 32)
		set = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	for (i = 0; st->batch_sample[i] != '\0' && i + 1 < outlen; i++) {
		*seed = *seed * 1103515245u + 12345u;
		out[i] = st->batch_sample[i] == 'x' ?
		    set[(*seed >> 16) % n] : st->batch_sample[i];
	}
	out[i] = '\0';
}

struct probe {
	unsigned attempts;
	int throttled;      /* 429 or Retry-After seen */
	int valid_accepted; /* the valid code worked after the wrong ones */
};

static int
guess(struct aa_session *s, const char *code, int *limited)
{
	struct aa_step_result res;
	json_t *vars = json_pack("{s:s}", "code", code);
	enum aa_refusal rf;
	int r;

	memset(&res, 0, sizeof(res));
	if (vars == NULL)
		return AA_ERR_NOMEM;
	/* A 429 is what this probe measures: never waited out. */
	r = aa_flow_step(s, "recovery_verify", &(struct aa_step_opts){ .vars =
	    vars, .no_backoff = 1 }, &res);
	/* 429 Too Many Requests, 423 Locked, a Retry-After, or an answer
	 * that says locked: the target stopped the guessing (the valid code
	 * at the end confirms it). */
	rf = r == AA_OK && !res.accepted ? aa_audit_refusal(&res.resp) :
	    AA_REFUSED_NONE;
	*limited = r == AA_OK && (rf == AA_REFUSED_THROTTLE ||
	    rf == AA_REFUSED_LOCKED ||
	    json_object_get(res.resp.headers, "retry-after") != NULL);
	aa_step_result_release(&res);
	json_decref(vars);
	return r;
}

static int
rate_probe(struct aa_auth_ck *c, size_t acct, struct probe *pr)
{
	const struct aa_auth_state *st = aa_auth_state(c->a);
	unsigned long max = c->a->profile->limits.max_guesses;
	struct aa_session *s = NULL;
	aa_secret_t *code = NULL;
	json_t *vars = NULL;
	unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();
	char wrong[sizeof(st->batch_sample)];
	int r, ok = 0;

	if ((r = aa_auth_codes_take(c->a, acct, &code)) != AA_OK) {
		r = aa_auth_ck_why(c, AA_ERR_STEP, "no recovery code: %s",
		    aa_strerr(r));
		goto out;
	}
	if ((r = aa_auth_pending(c, acct, &s)) != AA_OK)
		goto out;
	c->no_backoff = 1;
	if ((vars = aa_auth_code_vars(c->a, aa_secret_str(code))) == NULL) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	while (pr->attempts < AA_AUTH_RECOVERY_GUESSES && pr->attempts < max &&
	    !pr->throttled) {
		wrong_code(st, &seed, wrong, sizeof(wrong));
		if ((r = guess(s, wrong, &pr->throttled)) != AA_OK)
			goto out;
		pr->attempts++;
	}
	if ((r = aa_auth_step(c, s, "recovery_verify", vars, NULL, NULL,
	    &ok)) != AA_OK)
		goto out;
	pr->valid_accepted = ok;
	/* Guessing locked the codes: helper logins take another factor. */
	if (!ok && pr->throttled)
		c->a->base[acct].locked |= 1u << AA_FACTOR_RECOVERY_CODES;
out:
	json_decref(vars);
	aa_secret_free(&code);
	aa_session_free(&s);
	return r;
}

static void
judge(struct aa_auth_ck *c, const struct probe *pr, int probed)
{
	const struct aa_auth_state *st = aa_auth_state(c->a);
	double bits = st->batch_minlen * log2((double)st->batch_alphabet);
	int weak_bits = bits < 64.0;
	int unlimited = probed && pr->valid_accepted && !pr->throttled;

	aa_auth_ck_set(c, "entropy_bits", json_real(floor(bits * 10) / 10));
	aa_auth_ck_set(c, "alphabet", json_string(st->batch_class));
	aa_auth_ck_set(c, "alphabet_size", json_integer(st->batch_alphabet));
	aa_auth_ck_set(c, "length", json_integer((json_int_t)st->batch_minlen));
	aa_auth_ck_set(c, "shape", json_string(st->batch_sample));
	aa_auth_ck_set(c, "codes_in_batch",
	    json_integer((json_int_t)st->batch_count));
	if (probed)
		aa_auth_ck_set(c, "rate_limit", json_pack("{s:i,s:b,s:b}",
		    "wrong_attempts", (int)pr->attempts, "throttled",
		    pr->throttled, "valid_code_accepted_after",
		    pr->valid_accepted));
	if (weak_bits && unlimited)
		aa_auth_ck_report(c, AA_FAIL, "only %.1f bits per code (%zu "
		    "characters, alphabet: %s); %u wrong codes in one login "
		    "brought no lockout or throttling", bits, st->batch_minlen,
		    st->batch_class, pr->attempts);
	else if (weak_bits)
		aa_auth_ck_report(c, AA_FAIL, "only %.1f bits per code (%zu "
		    "characters, alphabet: %s)", bits, st->batch_minlen,
		    st->batch_class);
	else if (unlimited)
		aa_auth_ck_report(c, AA_FAIL, "%u wrong codes in one login "
		    "brought no lockout or throttling (%.1f bits per code)",
		    pr->attempts, bits);
	else if (!probed)
		aa_auth_ck_report(c, AA_NOT_TESTED, "%.1f bits per code; rate "
		    "limit not probed: %s", bits, c->why);
	else
		aa_auth_ck_report(c, AA_PASS, "%.1f bits per code; guessing was "
		    "stopped within %u wrong codes", bits, pr->attempts);
}

void
aa_auth_check_recovery_weak(struct aa_audit *a, const struct aa_check_def *d)
{
	struct aa_auth_ck c;
	struct probe pr;
	int r;

	memset(&pr, 0, sizeof(pr));
	if ((r = aa_auth_ck_init(&c, a, d->cid)) != AA_OK)
		goto out;
	aa_auth_ck_set(&c, "probe_account", json_string(
	    a->profile->accounts[0].username));
	r = rate_probe(&c, 0, &pr);
	if (!aa_auth_state(a)->batch_seen)
		goto out; /* no batch: report r (why) below */
	judge(&c, &pr, r == AA_OK);
	r = AA_OK;
out:
	aa_auth_ck_done(&c, r);
}
