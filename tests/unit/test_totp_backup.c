/*
 * Every backup format: generated fixture recognised, opened with the right
 * password; wrong password, truncation, bad tag and absurd KDF parameters
 * give clear errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "tests/unit/tap.h"
#include "tests/unit/totp_fixtures.h"
#include "totp/backup/backup.h"
#include "totp/seed.h"

static aa_secret_t *pw, *badpw;

static int
read_fx(const unsigned char *b, size_t len, const aa_secret_t *p,
    struct aa_totp_backup *bk, struct aa_diag *diag)
{
	struct aa_totp_read_opts o;

	aa_totp_read_opts_default(&o);
	o.password = p;
	o.explicit_file = 1;
	diag->msg[0] = '\0';
	aa_totp_backup_init(bk, 0);
	return aa_totp_backup_read((const char *)b, len, &o, bk, diag);
}

static int
entries_match(const struct aa_totp_backup *bk, int params)
{
	if (bk->n != TOTP_FX_N)
		return 0;
	for (size_t i = 0; i < TOTP_FX_N; i++) {
		aa_secret_t *want = NULL;
		int same;

		aa_totp_b32_decode(totp_fx_entries[i].secret,
		    strlen(totp_fx_entries[i].secret), &want, NULL);
		same = aa_secret_eq(want, bk->entries[i].secret) && (!params ||
		    bk->entries[i].params.digits == (unsigned)totp_fx_entries[i].digits);
		aa_secret_free(&want);
		if (!same)
			return 0;
	}
	return 1;
}

static void
one_file(const struct totp_fx_file *f)
{
	struct aa_totp_backup bk;
	struct aa_diag diag;
	unsigned char *b;
	size_t len;
	int r;

	if (strcmp(f->format, "exposed") == 0)
		return; /* not a backup: see exposure() */
	b = totp_fx_build(f->name, &len);
	ok(b != NULL, "%s: fixture generated", f->name);
	if (b == NULL)
		return;
	r = read_fx(b, len, pw, &bk, &diag);
	is_int(r, AA_OK, f->name);
	is_str(bk.format ? bk.format : "(none)", f->format, "format recognised");
	is_int(bk.encrypted, f->encrypted, "encrypted flag");
	ok(bk.opened, "%s: opened", f->name);
	/* Bitwarden's bare-secret form carries no digits/algorithm. */
	ok(entries_match(&bk, strncmp(f->format, "bitwarden", 9) != 0),
	    "%s: entries and secrets as written", f->name);
	aa_totp_backup_release(&bk);
	if (f->encrypted) {
		r = read_fx(b, len, badpw, &bk, &diag);
		ok(r == AA_ERR_PASSWORD || (strcmp(f->name, "c3.bin") == 0 &&
		    r == AA_ERR_DENIED), "%s: wrong password refused (%s)",
		    f->name, aa_errname(r));
		ok(bk.n == 0 || !bk.opened, "%s: nothing read with a wrong password",
		    f->name);
		ok(diag.msg[0] != '\0', "%s: wrong password explained: %s", f->name,
		    diag.msg);
		aa_totp_backup_release(&bk);
		r = read_fx(b, len, NULL, &bk, &diag);
		is_int(r, AA_OK, "no password: recognised");
		ok(bk.encrypted && !bk.opened && bk.kdf != NULL,
		    "%s: no password: KDF known, not opened", f->name);
		aa_totp_backup_release(&bk);
		/* Truncated: half the file. */
		r = read_fx(b, len / 2, pw, &bk, &diag);
		ok(r != AA_OK || !bk.opened, "%s: truncated file not opened (%s)",
		    f->name, aa_errname(r));
		aa_totp_backup_release(&bk);
	}
	free(b);
}

/* Flip one ciphertext byte: the GCM tag must catch it. */
static void
bad_tag(const char *name, size_t offset_from_end)
{
	struct aa_totp_backup bk;
	struct aa_diag diag;
	size_t len;
	unsigned char *b = totp_fx_build(name, &len);
	int r;

	if (name[0] == 'a' || name[0] == 'e') {
		/* Inside the base64 db: swap one letter for another letter. */
		size_t i = len - offset_from_end;

		while (i > 0 && !((b[i] >= 'A' && b[i] <= 'Z') ||
		    (b[i] >= 'a' && b[i] <= 'z')))
			i--;
		b[i] = b[i] == 'A' ? 'B' : 'A';
	} else
		b[len - offset_from_end] ^= 0x01;
	r = read_fx(b, len, pw, &bk, &diag);
	/*
	 * andOTP's old format has no header: its random nonce may read as an
	 * over-the-limit iteration count of the new one, which the reader
	 * then names (AA_ERR_DENIED) next to the failed decryption.
	 */
	ok(r == AA_ERR_PASSWORD || (strcmp(name, "c3.bin") == 0 &&
	    r == AA_ERR_DENIED), "%s: bad tag detected (%s)", name, aa_errname(r));
	ok(!bk.opened, "%s: tampered file not opened", name);
	aa_totp_backup_release(&bk);
	free(b);
}

/* Replace the first occurrence of `from` by `to` in a text fixture. */
static unsigned char *
edit(const char *name, const char *from, const char *to, size_t *len)
{
	unsigned char *b = totp_fx_build(name, len);
	char *p = strstr((char *)b, from), *n;
	size_t nl;

	if (p == NULL)
		return b;
	nl = *len - strlen(from) + strlen(to);
	n = malloc(nl + 1);
	memcpy(n, b, (size_t)(p - (char *)b));
	strcpy(n + (p - (char *)b), to);
	strcat(n, p + strlen(from));
	free(b);
	*len = nl;
	return (unsigned char *)n;
}

static void
absurd(void)
{
	struct aa_totp_backup bk;
	struct aa_diag diag;
	unsigned char *b;
	size_t len;
	int r;

	b = edit("a2.json", "\"n\": 1024", "\"n\": 1099511627776", &len);
	r = read_fx(b, len, pw, &bk, &diag);
	is_int(r, AA_ERR_DENIED, "aegis: absurd scrypt N refused");
	ok(strstr(diag.msg, "limit") != NULL, "explained: %s", diag.msg);
	aa_totp_backup_release(&bk);
	free(b);
	b = edit("a2.json", "\"r\": 8", "\"r\": 3000000000", &len);
	is_int(read_fx(b, len, pw, &bk, &diag), AA_ERR_DENIED,
	    "aegis: absurd scrypt r refused");
	aa_totp_backup_release(&bk);
	free(b);
	b = edit("a2.json", "\"n\": 1024", "\"n\": 1000", &len);
	is_int(read_fx(b, len, pw, &bk, &diag), AA_ERR_PARSE,
	    "aegis: N not a power of two refused");
	aa_totp_backup_release(&bk);
	free(b);
	b = edit("e3.json", "\"kdfIterations\": 5000", "\"kdfIterations\": "
	    "2000000000", &len);
	is_int(read_fx(b, len, pw, &bk, &diag), AA_ERR_DENIED,
	    "bitwarden: absurd PBKDF2 iterations refused");
	aa_totp_backup_release(&bk);
	free(b);
	b = totp_fx_build("c2.bin", &len);
	b[0] = 0x02;  /* 33,555,432 iterations */
	is_int(read_fx(b, len, pw, &bk, &diag), AA_ERR_DENIED,
	    "andotp: absurd PBKDF2 iterations refused");
	ok(strstr(diag.msg, "iterations") != NULL, "explained: %s", diag.msg);
	aa_totp_backup_release(&bk);
	free(b);
}

static void
kdf_verdicts(void)
{
	static const struct { const char *name; int weak; } t[] = {
		{ "a2.json", 1 }, { "aegis_strong.json", 0 }, { "b2.2fas", 1 },
		{ "c2.bin", 1 }, { "c3.bin", 1 }, { "e3.json", 1 },
		{ "e4.json", 1 }, { "i1.json", 1 },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct aa_totp_backup bk;
		struct aa_diag diag;
		size_t len;
		unsigned char *b = totp_fx_build(t[i].name, &len);

		read_fx(b, len, NULL, &bk, &diag);
		is_int(bk.weak_kdf, t[i].weak, t[i].name);
		aa_totp_backup_release(&bk);
		free(b);
	}
}

/* Ente without a password: recognised, Argon2id judged. */
static void
ente(void)
{
	static const char strong[] = "{\"version\":1,\"kdfParams\":{\"memLimit\":"
	    "268435456,\"opsLimit\":16,\"salt\":\"c2FsdHNhbHRzYWx0c2FsdA==\"},"
	    "\"encryptedData\":\"AAAA\",\"encryptionNonce\":\"AAAA\"}";
	static const char weak[] = "{\"version\":1,\"kdfParams\":{\"memLimit\":"
	    "8388608,\"opsLimit\":1,\"salt\":\"c2FsdA==\"},"
	    "\"encryptedData\":\"AAAA\",\"encryptionNonce\":\"AAAA\"}";
	struct aa_totp_backup bk;
	struct aa_diag diag;

	is_int(read_fx((const unsigned char *)strong, sizeof(strong) - 1, NULL,
	    &bk, &diag), AA_OK, "ente encrypted export recognised");
	ok(bk.format && strcmp(bk.format, "ente") == 0 && bk.encrypted &&
	    !bk.opened && !bk.weak_kdf,
	    "ente: 256 MiB / 16 passes Argon2id is not weak");
	aa_totp_backup_release(&bk);
	read_fx((const unsigned char *)weak, sizeof(weak) - 1, NULL, &bk, &diag);
	ok(bk.weak_kdf, "ente: 8 MiB / 1 pass is weak: %s", bk.kdf_why);
	aa_totp_backup_release(&bk);
}

/* Argon2id parameters from the file are checked before any work. */
static void
argon2_limits(void)
{
	static const struct {
		const char *file, *from, *to, *what;
		int r;
	} t[] = {
		{ "i1.json", "\"memLimit\": 8388608", "\"memLimit\": "
		    "68719476736", "ente: 64 GiB memLimit", AA_ERR_DENIED },
		{ "i1.json", "\"opsLimit\": 1", "\"opsLimit\": 100000",
		    "ente: 100,000 passes", AA_ERR_DENIED },
		{ "i1.json", "\"memLimit\": 8388608", "\"memLimit\": 9437184",
		    "ente: other parameters, other key", AA_ERR_PASSWORD },
		{ "i1.json", "\"encryptionNonce\": \"", "\"encryptionNonce\": "
		    "\"AAAA", "ente: nonce of the wrong size", AA_ERR_PARSE },
		{ "e4.json", "\"kdfMemory\": 8", "\"kdfMemory\": 4194304",
		    "bitwarden: 4 TiB kdfMemory", AA_ERR_DENIED },
		{ "e4.json", "\"kdfParallelism\": 2",
		    "\"kdfParallelism\": 1000", "bitwarden: 1000 lanes",
		    AA_ERR_DENIED },
		{ "e4.json", "\"kdfIterations\": 1", "\"kdfIterations\": "
		    "99999999999", "bitwarden: 10^11 passes", AA_ERR_DENIED },
		{ "e4.json", "\"kdfType\": 1", "\"kdfType\": 7",
		    "bitwarden: unknown kdfType", AA_ERR_UNSUPPORTED },
	};
	struct aa_totp_kdf_limits lim;
	struct aa_totp_backup bk;
	struct aa_diag diag;
	unsigned char *b, key[32], salt[16] = { 1 };
	size_t len;

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		b = edit(t[i].file, t[i].from, t[i].to, &len);
		is_int(read_fx(b, len, pw, &bk, &diag), t[i].r, t[i].what);
		ok(!bk.opened && diag.msg[0] != '\0', "not opened, explained: "
		    "%s", diag.msg);
		aa_totp_backup_release(&bk);
		free(b);
	}
	/* The bounds themselves, with small limits. */
	aa_totp_kdf_limits_default(&lim);
	lim.argon2_mem_max = 16u << 20;
	lim.argon2_work_max = 32u << 20;
	is_int(aa_totp_argon2id(pw, salt, 16, 2, 16u << 20, 1, &lim, key,
	    &diag), AA_OK, "argon2id at the memory and work limits runs");
	is_int(aa_totp_argon2id(pw, salt, 16, 1, 17u << 20, 1, &lim, key,
	    &diag), AA_ERR_DENIED, "1 MiB over the memory limit refused");
	is_int(aa_totp_argon2id(pw, salt, 16, 3, 16u << 20, 1, &lim, key,
	    &diag), AA_ERR_DENIED, "one pass over the work limit refused");
	is_int(aa_totp_argon2id(pw, salt, 16, 1, 1u << 20, 17, &lim, key,
	    &diag), AA_ERR_DENIED, "17 lanes refused");
	is_int(aa_totp_argon2id(pw, salt, 4, 1, 1u << 20, 1, &lim, key,
	    &diag), AA_ERR_PARSE, "a 4-byte salt is invalid for Argon2");
	is_int(aa_totp_argon2id(pw, salt, 16, 1, 1000, 1, &lim, key,
	    &diag), AA_ERR_PARSE, "memory not in whole KiB is invalid");
}

/* RFC 5869 test case 1, expand step (the PRK is given there). */
static void
hkdf(void)
{
	static const unsigned char prk[32] = {
		0x07, 0x77, 0x09, 0x36, 0x2c, 0x2e, 0x32, 0xdf, 0x0d, 0xdc,
		0x3f, 0x0d, 0xc4, 0x7b, 0xba, 0x63, 0x90, 0xb6, 0xc7, 0x3b,
		0xb5, 0x0f, 0x9c, 0x31, 0x22, 0xec, 0x84, 0x4a, 0xd7, 0xc2,
		0xb3, 0xe5 };
	static const unsigned char okm[42] = {
		0x3c, 0xb2, 0x5f, 0x25, 0xfa, 0xac, 0xd5, 0x7a, 0x90, 0x43,
		0x4f, 0x64, 0xd0, 0x36, 0x2f, 0x2a, 0x2d, 0x2d, 0x0a, 0x90,
		0xcf, 0x1a, 0x5a, 0x4c, 0x5d, 0xb0, 0x2d, 0x56, 0xec, 0xc4,
		0xc5, 0xbf, 0x34, 0x00, 0x72, 0x08, 0xd5, 0xb8, 0x87, 0x18,
		0x58, 0x65 };
	unsigned char out[42];

	ok(aa_totp_hkdf_expand(prk, "\xf0\xf1\xf2\xf3\xf4\xf5\xf6\xf7\xf8"
	    "\xf9", out, sizeof(out)) == AA_OK && memcmp(out, okm, 42) == 0,
	    "HKDF-Expand through EVP_KDF matches RFC 5869 case 1");
	is_int(aa_totp_hkdf_expand(prk, "x", out, 0), AA_ERR_ARG,
	    "HKDF: zero length refused");
}

static void
exposure(void)
{
	struct aa_totp_backup bk;
	json_t *hits = json_array();
	size_t len;
	unsigned char *b = totp_fx_build("h1.log", &len);
	static const char clean[] = "TOTP_SECRET_KEY=ABCDEFGHIJKLMNOP\n"
	    "otp hash 9f86d081884c7d659a2feaa0c55ad015\n"
	    "secret: HELLOWORLDHELLOWORLD (letters only)\n"
	    "seed AAAAAAAAAAAAAAAA2222 nope\n"
	    "mfa=JBSWY3DPEHPK3PXPX bad length\n"
	    "totp help: https://example.com/help?nodeId=G3PWZPU52FKN7PW4\n"
	    "seed alphabet ABCDEFGHIJKLMNOPQRSTUVWXYZ234567\n"
	    "the secret is on the next line\nJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP\n";

	aa_totp_backup_init(&bk, 0);
	is_int(aa_totp_exposed_scan((const char *)b, len, &bk, hits, 10), AA_OK,
	    "exposure scan");
	is_int((long long)bk.n, 2, "both exposed seeds found, no false positives");
	is_int((long long)json_array_size(hits), 2, "two hits");
	is_int(json_integer_value(json_object_get(json_array_get(hits, 0),
	    "line")), 4, "hit line number");
	aa_totp_backup_release(&bk);
	json_array_clear(hits);
	aa_totp_backup_init(&bk, 0);
	aa_totp_exposed_scan(clean, sizeof(clean) - 1, &bk, hits, 10);
	is_int((long long)bk.n, 0, "no false positives in look-alike text");
	aa_totp_backup_release(&bk);
	json_decref(hits);
	free(b);
}

static void
seeds(void)
{
	struct aa_totp_seed_quality q;
	aa_secret_t *s = aa_secret_new("0123456789abcdef0123", 20);

	/* Text seeds count by their alphabet: 20 hex digits are 80 bits. */
	aa_totp_seed_assess(s, &q);
	ok(q.too_short, "hex text seed flagged: %s", q.why);
	aa_secret_free(&s);
	/* 32 random characters of a 64-symbol alphabet: about 192 bits. */
	s = aa_secret_new("q7Xk2-Lp9_ZrT4vBn8Ws1Hd6Jf3Gc0Ym", 32);
	aa_totp_seed_assess(s, &q);
	ok(!q.too_short && !q.nonrandom && q.bits >= 190,
	    "random base64 text seed passes (%u bits)", q.bits);
	aa_secret_free(&s);
	s = aa_secret_new("\x01\x02\x01\x02\x01\x02\x01\x02\x01\x02\x01\x02"
	    "\x01\x02\x01\x02", 16);
	aa_totp_seed_assess(s, &q);
	ok(q.nonrandom, "periodic seed flagged: %s", q.why);
	aa_secret_free(&s);
	s = aa_secret_new("\x9a\x3f\xe1\x07\x55\xc2\x10\x8b\xde\x44", 10);
	aa_totp_seed_assess(s, &q);
	ok(q.too_short && !q.nonrandom, "80-bit seed too short: %s", q.why);
	aa_secret_free(&s);
}

int
main(void)
{
	pw = aa_secret_new_str(totp_fx_password);
	badpw = aa_secret_new_str("wrong password");
	for (size_t i = 0; i < TOTP_FX_FILES; i++)
		one_file(&totp_fx_files[i]);
	bad_tag("a2.json", 40);  /* inside the base64 db */
	bad_tag("c2.bin", 20);
	bad_tag("c3.bin", 20);
	bad_tag("e3.json", 60);  /* inside the data EncString */
	{
		struct aa_totp_backup bk;
		struct aa_diag diag;
		size_t len;
		unsigned char *b = edit("b2.2fas", "\"servicesEncrypted\": \"",
		    "\"servicesEncrypted\": \"AAAA", &len);

		is_int(read_fx(b, len, pw, &bk, &diag), AA_ERR_PASSWORD,
		    "2fas: tampered services refused");
		aa_totp_backup_release(&bk);
		free(b);
	}
	absurd();
	kdf_verdicts();
	ente();
	argon2_limits();
	hkdf();
	exposure();
	seeds();
	aa_secret_free(&pw);
	aa_secret_free(&badpw);
	return tap_done();
}
