/*
 * Software-key throughput through libfido2 (registrations and assertions
 * per second, CTAPHID framing and CBOR included) as a ratio to raw OpenSSL
 * P-256 signatures per second measured in the same run. Target: >= 0.8
 * for both; exits 1 when either misses it. The three rates are measured
 * in turn, ROUNDS times, and each keeps its best round, so a slow spell
 * of the machine does not land on one side of the ratio only.
 * Also prints how many touches a full FIDO battery needs with a real key.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <fido.h>
#include <openssl/evp.h>

#include "fido/audit_int.h"
#include "fido/softkey/softkey.h"

#define RUN_SECONDS 0.2
#define ROUNDS 5
#define TARGET 0.8

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double
raw_sign_rate(void)
{
	EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	unsigned char msg[69] = { 1 }, sig[128];
	double t0 = now(), t;
	long n = 0;

	do {
		EVP_MD_CTX *ctx = EVP_MD_CTX_new();
		size_t sl = sizeof(sig);

		EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, k);
		EVP_DigestSign(ctx, sig, &sl, msg, sizeof(msg));
		EVP_MD_CTX_free(ctx);
		n++;
	} while ((t = now() - t0) < RUN_SECONDS);
	EVP_PKEY_free(k);
	return (double)n / t;
}

static fido_cred_t *
make(fido_dev_t *dev, int *rc)
{
	static const unsigned char cdh[32] = { 7 }, uid[8] = { 1 };
	fido_cred_t *c = fido_cred_new();

	fido_cred_set_type(c, COSE_ES256);
	fido_cred_set_clientdata_hash(c, cdh, sizeof(cdh));
	fido_cred_set_rp(c, "bench.example", NULL);
	fido_cred_set_user(c, uid, sizeof(uid), "bench", NULL, NULL);
	*rc = fido_dev_make_cred(dev, c, NULL);
	return c;
}

static int
reg_rate(fido_dev_t *dev, double *rate)
{
	static long made;
	fido_cred_t *c;
	double t0 = now(), t;
	long n = 0;
	int rc = FIDO_OK;

	do {
		if (++made % 256 == 0)
			fido_dev_reset(dev); /* keep the credential store small */
		c = make(dev, &rc);
		fido_cred_free(&c);
		if (rc != FIDO_OK) {
			fprintf(stderr, "bench_fido: make_cred: %s\n",
			    fido_strerr(rc));
			return -1;
		}
		n++;
	} while ((t = now() - t0) < RUN_SECONDS);
	*rate = (double)n / t;
	return 0;
}

static int
assert_rate(fido_dev_t *dev, double *rate)
{
	static const unsigned char cdh[32] = { 9 };
	fido_cred_t *c;
	double t0, t;
	long n = 0;
	int rc;

	c = make(dev, &rc); /* a fresh one: a reset may have dropped the last */
	if (rc != FIDO_OK) {
		fprintf(stderr, "bench_fido: make_cred: %s\n", fido_strerr(rc));
		fido_cred_free(&c);
		return -1;
	}
	t0 = now();
	do {
		fido_assert_t *a = fido_assert_new();

		fido_assert_set_clientdata_hash(a, cdh, sizeof(cdh));
		fido_assert_set_rp(a, "bench.example");
		fido_assert_allow_cred(a, fido_cred_id_ptr(c), fido_cred_id_len(c));
		rc = fido_dev_get_assert(dev, a, NULL);
		fido_assert_free(&a);
		if (rc != FIDO_OK) {
			fprintf(stderr, "bench_fido: get_assert: %s\n",
			    fido_strerr(rc));
			fido_cred_free(&c);
			return -1;
		}
		n++;
	} while ((t = now() - t0) < RUN_SECONDS);
	fido_cred_free(&c);
	*rate = (double)n / t;
	return 0;
}

static double
best(double a, double b)
{
	return a > b ? a : b;
}

int
main(void)
{
	struct aa_fido_softkey *k = NULL;
	fido_dev_t *dev = NULL;
	double sign = 0, reg = 0, as = 0, r;
	unsigned touches, kchecks;

	fido_init(FIDO_DISABLE_U2F_FALLBACK);
	if (aa_fido_softkey_new(NULL, &k) != 0 ||
	    aa_fido_softkey_open(k, &dev) != 0) {
		fprintf(stderr, "bench_fido: cannot open the software key\n");
		return 1;
	}
	for (int i = 0; i < ROUNDS; i++) {
		sign = best(sign, raw_sign_rate());
		if (reg_rate(dev, &r) != 0)
			return 1;
		reg = best(reg, r);
		if (assert_rate(dev, &r) != 0)
			return 1;
		as = best(as, r);
	}

	touches = aa_fido_touches_battery(&kchecks);
	printf("bench_fido: raw OpenSSL P-256 signatures  %9.0f /s (baseline)\n",
	    sign);
	printf("bench_fido: soft-key registrations        %9.0f /s  ratio %.2f "
	    "(target >= %.1f: %s)\n", reg, reg / sign, TARGET,
	    reg / sign >= TARGET ? "met" : "NOT met");
	printf("bench_fido: soft-key assertions           %9.0f /s  ratio %.2f "
	    "(target >= %.1f: %s; best of %d rounds each)\n", as, as / sign,
	    TARGET, as / sign >= TARGET ? "met" : "NOT met", ROUNDS);
	printf("bench_fido: a full FIDO battery with a real key needs %u touches "
	    "for %u K checks (%.2f per check; S checks are not_tested)\n",
	    touches, kchecks, (double)touches / kchecks);
	fido_dev_close(dev);
	fido_dev_free(&dev);
	aa_fido_softkey_free(&k);
	return reg / sign >= TARGET && as / sign >= TARGET ? 0 : 1;
}
