/*
 * The software key through libfido2's real protocol code: open, getInfo,
 * register and log in (ES256, EdDSA, RS256; none / packed / fido-u2f),
 * verify with fido_cred_verify / fido_assert_verify, the forgery controls,
 * the CTAP1 path, the state file, and malformed CTAPHID input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fido.h>
#include <fido/es256.h>

#include "auth-audit/core/err.h"
#include "fido/softkey/skcbor.h"
#include "fido/softkey/softkey.h"
#include "tests/unit/tap.h"

static const unsigned char cdh[32] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
static const unsigned char uid[16] = { 0xaa, 0xbb };

static fido_cred_t *
reg(fido_dev_t *dev, const char *rp, int alg, int *rc)
{
	fido_cred_t *c = fido_cred_new();

	fido_cred_set_type(c, alg);
	fido_cred_set_clientdata_hash(c, cdh, sizeof(cdh));
	fido_cred_set_rp(c, rp, "Example");
	fido_cred_set_user(c, uid, sizeof(uid), "alice", "Alice", NULL);
	*rc = fido_dev_make_cred(dev, c, NULL);
	return c;
}

static fido_assert_t *
login(fido_dev_t *dev, const fido_cred_t *c, const char *rp, int *rc)
{
	fido_assert_t *a = fido_assert_new();

	fido_assert_set_clientdata_hash(a, cdh, sizeof(cdh));
	fido_assert_set_rp(a, rp);
	fido_assert_allow_cred(a, fido_cred_id_ptr(c), fido_cred_id_len(c));
	*rc = fido_dev_get_assert(dev, a, NULL);
	return a;
}

static int
verify(const fido_assert_t *a, const fido_cred_t *c, int alg)
{
	return fido_assert_verify(a, 0, alg, fido_cred_pubkey_ptr(c));
}

static void
test_ctap2(void)
{
	struct aa_fido_softkey *k = NULL;
	struct aa_fido_softkey_ctl ctl;
	fido_dev_t *dev = NULL;
	fido_cred_t *c;
	fido_assert_t *a;
	fido_cbor_info_t *ci = fido_cbor_info_new();
	int rc, algs[] = { COSE_ES256, COSE_EDDSA, COSE_RS256 };

	is_int(aa_fido_softkey_new(NULL, &k), AA_OK, "new soft key");
	is_int(aa_fido_softkey_open(k, &dev), AA_OK, "fido_dev_open");
	ok(fido_dev_is_fido2(dev), "key speaks CTAP2");
	is_int(fido_dev_get_cbor_info(dev, ci), FIDO_OK, "getInfo");
	ok(fido_cbor_info_versions_len(ci) == 3, "three versions");
	ok(fido_cbor_info_aaguid_len(ci) == 16 &&
	    memcmp(fido_cbor_info_aaguid_ptr(ci), aa_fido_softkey_aaguid(k), 16) == 0,
	    "AAGUID reported");
	ok(fido_cbor_info_algorithm_count(ci) == 3, "three algorithms");
	fido_cbor_info_free(&ci);

	for (size_t i = 0; i < 3; i++) {
		c = reg(dev, "example.com", algs[i], &rc);
		is_int(rc, FIDO_OK, "make_cred");
		is_str(fido_cred_fmt(c), "none", "fmt none");
		a = login(dev, c, "example.com", &rc);
		is_int(rc, FIDO_OK, "get_assert");
		is_int(verify(a, c, algs[i]), FIDO_OK, "assertion verifies");
		ok(fido_assert_flags(a, 0) & 0x01, "UP set");
		fido_assert_free(&a);
		fido_cred_free(&c);
	}

	/* attestation formats verify with libfido2 */
	aa_fido_softkey_ctl_default(&ctl);
	ctl.att = AA_FIDO_ATT_SELF;
	aa_fido_softkey_set_ctl(k, &ctl);
	c = reg(dev, "example.com", COSE_ES256, &rc);
	is_str(fido_cred_fmt(c), "packed", "packed self");
	is_int(fido_cred_verify_self(c), FIDO_OK, "self attestation verifies");
	fido_cred_free(&c);
	ctl.att = AA_FIDO_ATT_CA;
	aa_fido_softkey_set_ctl(k, &ctl);
	c = reg(dev, "example.com", COSE_ES256, &rc);
	ok(fido_cred_x5c_len(c) > 0, "packed with x5c");
	is_int(fido_cred_verify(c), FIDO_OK, "CA attestation verifies");
	fido_cred_free(&c);
	ctl.att = AA_FIDO_ATT_U2F;
	aa_fido_softkey_set_ctl(k, &ctl);
	c = reg(dev, "example.com", COSE_ES256, &rc);
	is_str(fido_cred_fmt(c), "fido-u2f", "fido-u2f format");
	is_int(fido_cred_verify(c), FIDO_OK, "fido-u2f attestation verifies");
	fido_cred_free(&c);
	ctl.att = AA_FIDO_ATT_CA;
	ctl.corrupt_att_sig = 1;
	aa_fido_softkey_set_ctl(k, &ctl);
	c = reg(dev, "example.com", COSE_ES256, &rc);
	ok(rc == FIDO_OK && fido_cred_verify(c) != FIDO_OK,
	    "corrupted attestation signature does not verify");
	fido_cred_free(&c);

	/* forgeries: counter, flags, rpIdHash, algorithm */
	aa_fido_softkey_ctl_default(&ctl);
	aa_fido_softkey_set_ctl(k, &ctl);
	c = reg(dev, "example.com", COSE_ES256, &rc);
	ctl.counter_fixed = 1;
	ctl.counter_value = 7;
	aa_fido_softkey_set_ctl(k, &ctl);
	a = login(dev, c, "example.com", &rc);
	is_int((long long)fido_assert_sigcount(a, 0), 7, "counter forced");
	fido_assert_free(&a);
	aa_fido_softkey_ctl_default(&ctl);
	ctl.flags_and = 0xfe;
	aa_fido_softkey_set_ctl(k, &ctl);
	a = login(dev, c, "example.com", &rc);
	ok(rc == FIDO_OK && !(fido_assert_flags(a, 0) & 0x01), "UP cleared");
	fido_assert_free(&a);
	aa_fido_softkey_ctl_default(&ctl);
	strcpy(ctl.login_rpid, "evil.example");
	aa_fido_softkey_set_ctl(k, &ctl);
	a = login(dev, c, "example.com", &rc);
	is_int(rc, FIDO_OK, "assertion with foreign rpIdHash");
	ok(verify(a, c, COSE_ES256) != FIDO_OK, "libfido2 sees the rpIdHash mismatch");
	fido_assert_free(&a);
	fido_cred_free(&c);
	aa_fido_softkey_ctl_default(&ctl);
	ctl.alg = COSE_EDDSA;
	aa_fido_softkey_set_ctl(k, &ctl);
	c = reg(dev, "example.com", COSE_ES256, &rc);
	ok(rc != FIDO_OK || fido_cred_pubkey_len(c) == 32,
	    "algorithm forced (EdDSA where ES256 was asked)");
	fido_cred_free(&c);
	aa_fido_softkey_ctl_default(&ctl);
	aa_fido_softkey_set_ctl(k, &ctl);

	/* up=false on request: UP bit clear, signature still valid */
	c = reg(dev, "example.com", COSE_ES256, &rc);
	a = fido_assert_new();
	fido_assert_set_clientdata_hash(a, cdh, sizeof(cdh));
	fido_assert_set_rp(a, "example.com");
	fido_assert_allow_cred(a, fido_cred_id_ptr(c), fido_cred_id_len(c));
	fido_assert_set_up(a, FIDO_OPT_FALSE);
	is_int(fido_dev_get_assert(dev, a, NULL), FIDO_OK, "silent assertion");
	ok(!(fido_assert_flags(a, 0) & 0x01), "silent assertion has UP=0");
	fido_assert_free(&a);
	/* unknown rp: no credentials */
	a = login(dev, c, "other.example", &rc);
	is_int(rc, FIDO_ERR_NO_CREDENTIALS, "credential is scoped to its RP");
	fido_assert_free(&a);
	fido_cred_free(&c);

	ok(aa_fido_softkey_ncreds(k) > 0, "credentials stored");
	is_int(aa_fido_softkey_reset(k), AA_OK, "reset");
	is_int((long long)aa_fido_softkey_ncreds(k), 0, "  ... forgets them");
	fido_dev_close(dev);
	fido_dev_free(&dev);
	aa_fido_softkey_free(&k);
	ok(k == NULL, "free NULLs the pointer");
	aa_fido_softkey_free(&k);
}

static void
test_statefile(void)
{
	char path[] = "/tmp/aa-sk-XXXXXX";
	char file[64];
	struct aa_fido_softkey *k = NULL;
	fido_dev_t *dev = NULL;
	fido_cred_t *c;
	fido_assert_t *a;
	struct stat st;
	int rc;

	if (mkdtemp(path) == NULL) {
		ok(0, "mkdtemp");
		return;
	}
	snprintf(file, sizeof(file), "%s/key.json", path);
	is_int(aa_fido_softkey_new(file, &k), AA_OK, "new key with state file");
	is_int(aa_fido_softkey_open(k, &dev), AA_OK, "open");
	c = reg(dev, "example.com", COSE_ES256, &rc);
	fido_dev_close(dev);
	fido_dev_free(&dev);
	aa_fido_softkey_free(&k);
	ok(stat(file, &st) == 0 && (st.st_mode & 0777) == 0600, "state file is 0600");
	is_int(aa_fido_softkey_new(file, &k), AA_OK, "reload");
	is_int((long long)aa_fido_softkey_ncreds(k), 1, "credential persisted");
	is_int(aa_fido_softkey_open(k, &dev), AA_OK, "open reloaded");
	a = login(dev, c, "example.com", &rc);
	is_int(rc, FIDO_OK, "reloaded key signs");
	is_int(verify(a, c, COSE_ES256), FIDO_OK, "with the persisted key");
	ok(fido_assert_sigcount(a, 0) >= 2, "counter persisted");
	fido_assert_free(&a);
	fido_cred_free(&c);
	fido_dev_close(dev);
	fido_dev_free(&dev);
	aa_fido_softkey_free(&k);
	chmod(file, 0644);
	is_int(aa_fido_softkey_new(file, &k), AA_ERR_DENIED, "world-readable state refused");
	chmod(file, 0600);
	{
		FILE *fp = fopen(file, "w");

		fputs("{\"version\":1,\"aaguid\":\"zz\"}", fp);
		fclose(fp);
	}
	is_int(aa_fido_softkey_new(file, &k), AA_ERR_PARSE, "corrupt state refused");
	unlink(file);
	rmdir(path);
}

static void
test_hid_garbage(void)
{
	struct aa_fido_softkey *k = NULL;
	unsigned char rep[64], out[64];
	int n = 0;

	aa_fido_softkey_new(NULL, &k);
	memset(rep, 0xff, sizeof(rep)); /* broadcast INIT with a bad length */
	rep[4] = 0x86;
	rep[5] = 0x1f;
	aa_fido_softkey_hid_write(k, rep, sizeof(rep));
	while (aa_fido_softkey_hid_read(k, out, sizeof(out)) == 64)
		n++;
	ok(n == 1 && out[4] == 0xbf, "oversized INIT gets one CTAPHID_ERROR");
	memset(rep, 0, sizeof(rep));
	rep[3] = 1;
	rep[4] = 0x05; /* continuation with nothing pending */
	is_int(aa_fido_softkey_hid_write(k, rep, sizeof(rep)), AA_OK, "stray continuation ignored");
	is_int(aa_fido_softkey_hid_read(k, out, sizeof(out)), 0, "no reply to it");
	is_int(aa_fido_softkey_hid_write(k, rep, 10), AA_ERR_ARG, "short report refused");
	aa_fido_softkey_free(&k);
}

static fido_cred_t *
reg_pin(fido_dev_t *dev, const char *pin, int *rc)
{
	fido_cred_t *c = fido_cred_new();

	fido_cred_set_type(c, COSE_ES256);
	fido_cred_set_clientdata_hash(c, cdh, sizeof(cdh));
	fido_cred_set_rp(c, "example.com", NULL);
	fido_cred_set_user(c, uid, sizeof(uid), "alice", NULL, NULL);
	*rc = fido_dev_make_cred(dev, c, pin);
	return c;
}

static fido_dev_t *
reopen(struct aa_fido_softkey *k, fido_dev_t *dev)
{
	if (dev != NULL) {
		fido_dev_close(dev);
		fido_dev_free(&dev);
	}
	if (aa_fido_softkey_open(k, &dev) != AA_OK)
		return NULL;
	return dev;
}

static void
test_pin(void)
{
	char dir[] = "/tmp/aa-skpin-XXXXXX", file[64];
	struct aa_fido_softkey *k = NULL;
	fido_dev_t *dev = NULL;
	fido_cred_t *c;
	fido_assert_t *a;
	int rc, retries = -1;

	if (mkdtemp(dir) == NULL) {
		ok(0, "mkdtemp");
		return;
	}
	snprintf(file, sizeof(file), "%s/k.json", dir);
	aa_fido_softkey_new(file, &k);
	dev = reopen(k, NULL);
	ok(!fido_dev_has_pin(dev), "new key: no PIN");
	is_int(fido_dev_set_pin(dev, "1234", NULL), FIDO_OK, "set a PIN (clientPIN setPIN)");
	dev = reopen(k, dev);
	ok(fido_dev_has_pin(dev), "getInfo now says clientPin");
	is_int(fido_dev_get_retry_count(dev, &retries), FIDO_OK, "getPINRetries");
	is_int(retries, 8, "  ... 8");
	c = reg_pin(dev, NULL, &rc);
	ok(rc != FIDO_OK, "makeCredential without the PIN refused (%s)", fido_strerr(rc));
	fido_cred_free(&c);
	c = reg_pin(dev, "1234", &rc);
	is_int(rc, FIDO_OK, "makeCredential with the PIN");
	ok(fido_cred_flags(c) & 0x04, "  ... UV set");
	a = login(dev, c, "example.com", &rc);
	ok(rc == FIDO_OK && !(fido_assert_flags(a, 0) & 0x04),
	    "assertion without the PIN: UV clear");
	fido_assert_free(&a);
	a = fido_assert_new();
	fido_assert_set_clientdata_hash(a, cdh, sizeof(cdh));
	fido_assert_set_rp(a, "example.com");
	fido_assert_allow_cred(a, fido_cred_id_ptr(c), fido_cred_id_len(c));
	is_int(fido_dev_get_assert(dev, a, "1234"), FIDO_OK, "assertion with the PIN");
	ok(fido_assert_flags(a, 0) & 0x04, "  ... UV set");
	is_int(verify(a, c, COSE_ES256), FIDO_OK, "  ... and verifies");
	fido_assert_free(&a);
	fido_cred_free(&c);
	c = reg_pin(dev, "9999", &rc);
	is_int(rc, FIDO_ERR_PIN_INVALID, "wrong PIN: PIN_INVALID");
	fido_cred_free(&c);
	fido_dev_get_retry_count(dev, &retries);
	is_int(retries, 7, "  ... one retry fewer");
	is_int(fido_dev_set_pin(dev, "5678", "1234"), FIDO_OK, "changePIN");
	c = reg_pin(dev, "5678", &rc);
	is_int(rc, FIDO_OK, "  ... the new PIN works");
	fido_cred_free(&c);
	fido_dev_close(dev);
	fido_dev_free(&dev);
	aa_fido_softkey_free(&k);
	aa_fido_softkey_new(file, &k);
	dev = reopen(k, NULL);
	ok(dev != NULL && fido_dev_has_pin(dev), "the PIN survives in the state file");
	c = reg_pin(dev, "5678", &rc);
	is_int(rc, FIDO_OK, "  ... and still works");
	fido_cred_free(&c);
	is_int(fido_dev_set_pin(dev, "12", "5678"), FIDO_ERR_PIN_POLICY_VIOLATION,
	    "too short a new PIN refused (PIN policy)");
	fido_dev_close(dev);
	fido_dev_free(&dev);
	aa_fido_softkey_free(&k);
	unlink(file);
	rmdir(dir);
}

static void
test_cbor_bounds(void)
{
	static const unsigned char huge_array[] = { 0x9a, 0xff, 0xff, 0xff, 0xff, 0x01 };
	static const unsigned char huge_map[] = { 0xbb, 0, 0, 0, 1, 0, 0, 0, 0 };
	static const unsigned char long_bytes[] = { 0x5a, 0x7f, 0xff, 0xff, 0xff };
	static const unsigned char indefinite[] = { 0x9f, 0x01, 0xff };
	static const unsigned char ok_map[] = { 0xa1, 0x01, 0x02 };
	static const unsigned char dbl[] = { 0xfb, 0xff, 0xff, 0xff, 0, 0, 0,
	    0, 0 };
	static const unsigned char yes[] = { 0xf5 };
	unsigned char deep[40];
	cbor_item_t *it = NULL;

	is_int(aa_fido_cbor_load(huge_array, sizeof(huge_array), &it),
	    AA_ERR_PARSE, "array claiming 2^32 elements refused before allocating");
	is_int(aa_fido_cbor_load(huge_map, sizeof(huge_map), &it),
	    AA_ERR_PARSE, "map claiming 2^32 pairs refused");
	is_int(aa_fido_cbor_load(long_bytes, sizeof(long_bytes), &it),
	    AA_ERR_PARSE, "byte string longer than the input refused");
	is_int(aa_fido_cbor_load(indefinite, sizeof(indefinite), &it),
	    AA_ERR_PARSE, "indefinite length refused");
	memset(deep, 0x81, sizeof(deep));
	deep[sizeof(deep) - 1] = 0x01;
	is_int(aa_fido_cbor_load(deep, sizeof(deep), &it), AA_ERR_PARSE,
	    "nesting deeper than the limit refused");
	is_int(aa_fido_cbor_load(ok_map, sizeof(ok_map), &it), AA_OK,
	    "a small map loads");
	ok(it != NULL && cbor_isa_map(it), "  ... as a map");
	if (it != NULL)
		cbor_decref(&it);
	is_int(aa_fido_cbor_load(ok_map, 2, &it), AA_ERR_PARSE, "truncated map refused");
	/* an option given as a double (found by fuzz_fido_softkey: libcbor
	 * asserts when asked whether a float is a boolean) */
	is_int(aa_fido_cbor_load(dbl, sizeof(dbl), &it), AA_OK, "a double loads");
	is_int(aa_fido_cbor_to_bool(it), -1, "  ... and is no boolean");
	if (it != NULL)
		cbor_decref(&it);
	is_int(aa_fido_cbor_load(yes, sizeof(yes), &it), AA_OK, "true loads");
	is_int(aa_fido_cbor_to_bool(it), 1, "  ... as a boolean");
	if (it != NULL)
		cbor_decref(&it);
}

/* The reply writer: smallest widths, negative integers, and a short
 * buffer reported once instead of written past. */
static void
test_cbor_writer(void)
{
	static const unsigned char want[] = {
		0xa3, 0x01, 0x18, 0x18, 0x20, 0x38, 0x18,
		0x63, 'a', 'l', 'g', 0x82, 0x42, 0xde, 0xad, 0x40,
	};
	unsigned char buf[32], small[8];
	struct aa_fido_cbw w;

	aa_fido_cbw_init(&w, buf, sizeof(buf));
	aa_fido_cbw_map(&w, 3);
	aa_fido_cbw_int(&w, 1);
	aa_fido_cbw_int(&w, 24);
	aa_fido_cbw_int(&w, -1);
	aa_fido_cbw_int(&w, -25);
	aa_fido_cbw_text(&w, "alg");
	aa_fido_cbw_array(&w, 2);
	aa_fido_cbw_bytes(&w, "\xde\xad", 2);
	aa_fido_cbw_bytes(&w, "", 0);
	is_int(w.err, AA_OK, "writer: a map of ints, text, an array of bytes");
	ok(w.len == sizeof(want) && memcmp(buf, want, sizeof(want)) == 0,
	    "  ... in canonical CTAP2 bytes");
	memset(small, 0x55, sizeof(small));
	aa_fido_cbw_init(&w, small, 6);
	aa_fido_cbw_text(&w, "public-key");
	is_int(w.err, AA_ERR_TOOBIG, "writer: a string longer than the buffer");
	aa_fido_cbw_int(&w, 1);
	ok(w.err == AA_ERR_TOOBIG && small[6] == 0x55 && small[7] == 0x55,
	    "  ... sticks, and nothing lands past the end");
}

static void
test_u2f(void)
{
	struct aa_fido_softkey *k = NULL;
	struct aa_fido_softkey_ctl ctl;
	fido_dev_t *dev = NULL;
	fido_cred_t *c;
	fido_assert_t *a;
	int rc;

	aa_fido_softkey_new(NULL, &k);
	aa_fido_softkey_ctl_default(&ctl);
	ctl.u2f_only = 1;
	aa_fido_softkey_set_ctl(k, &ctl);
	is_int(aa_fido_softkey_open(k, &dev), AA_OK, "open U2F-only key");
	ok(!fido_dev_is_fido2(dev), "libfido2 sees a CTAP1 key");
	c = reg(dev, "example.com", COSE_ES256, &rc);
	is_int(rc, FIDO_OK, "U2F register");
	is_str(fido_cred_fmt(c), "fido-u2f", "fido-u2f attestation");
	is_int(fido_cred_verify(c), FIDO_OK, "U2F attestation verifies");
	a = login(dev, c, "example.com", &rc);
	is_int(rc, FIDO_OK, "U2F authenticate");
	is_int(verify(a, c, COSE_ES256), FIDO_OK, "U2F assertion verifies");
	fido_assert_free(&a);
	fido_cred_free(&c);
	fido_dev_close(dev);
	fido_dev_free(&dev);
	aa_fido_softkey_free(&k);
}

int
main(void)
{
	fido_init(FIDO_DISABLE_U2F_FALLBACK);
	test_ctap2();
	test_statefile();
	test_hid_garbage();
	test_cbor_bounds();
	test_cbor_writer();
	test_pin();
	/* the CTAP1 test needs libfido2's U2F path: init without the flag */
	fido_init(0);
	test_u2f();
	return tap_done();
}
