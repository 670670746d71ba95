/*
 * Authenticator backups and exports: one reader per format (fmt_*.c),
 * chosen by content, never by file name. A reader returns
 *   AA_ERR_UNSUPPORTED  not its format (the next reader is tried);
 *   AA_OK               recognised; entries filled when it could open it
 *                       (plain, or encrypted with the right password);
 *   AA_ERR_PASSWORD     recognised, the password does not open it;
 *   AA_ERR_DENIED       recognised, KDF parameters over the limits;
 *   AA_ERR_PARSE ...    recognised but malformed (truncated, bad fields).
 * Recognised backups always carry `format`, `encrypted` and the KDF
 * evidence, so TOTP-BACKUP-WEAK-KDF is judged even without a password.
 */
#ifndef AA_TOTP_BACKUP_H
#define AA_TOTP_BACKUP_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/secret.h"
#include "totp/engine.h"
#include "totp/kdf.h"
#include "totp/uri.h"

#define AA_TOTP_FILE_MAX (64u * 1024 * 1024)  /* one backup file */
#define AA_TOTP_ENTRIES_MAX 100000u           /* entries per backup */
#define AA_TOTP_FIELD_MAX 1024                /* issuer / name bytes kept */
#define AA_TOTP_SLOTS_MAX 8                   /* password slots tried */

struct aa_totp_entry {
	enum aa_otp_type type;
	char *issuer;          /* may be NULL */
	char *name;            /* may be NULL */
	aa_secret_t *secret;   /* decoded seed bytes */
	struct aa_totp_params params;
	uint64_t counter;
};

struct aa_totp_backup {
	const char *format;    /* static: "aegis", "2fas", ... */
	int encrypted;         /* the file is encrypted */
	int opened;            /* entries were read (plain or decrypted) */
	json_t *kdf;           /* {"name":..., params...} or NULL */
	int weak_kdf;          /* KDF below the bar of checks.md */
	char kdf_why[200];
	struct aa_totp_entry *entries;
	size_t n, cap;
	size_t skipped;        /* entries without a usable secret */
	char closed_why[160];  /* why an encrypted backup stayed closed */
	size_t max_entries;
};

struct aa_totp_read_opts {
	const aa_secret_t *password;   /* NULL: encrypted files are not opened */
	struct aa_totp_kdf_limits kdf;
	size_t max_entries;
	int explicit_file;  /* named on the command line (not found in a walk) */
};

void aa_totp_read_opts_default(struct aa_totp_read_opts *o);
void aa_totp_backup_init(struct aa_totp_backup *b, size_t max_entries);
void aa_totp_backup_release(struct aa_totp_backup *b);

/* Try every reader in sniffing order (readers.c); the first that does
 * not answer AA_ERR_UNSUPPORTED owns the file (see above). */
int aa_totp_backup_read(const char *data, size_t len,
    const struct aa_totp_read_opts *o, struct aa_totp_backup *b,
    struct aa_diag *diag);

/*
 * Add an entry from text fields; secret_b32 is base32 (padding, case
 * and spaces tolerated). A bad secret counts as skipped, not an error;
 * AA_ERR_TOOBIG past max_entries.
 */
int aa_totp_backup_add(struct aa_totp_backup *b, enum aa_otp_type type,
    const char *issuer, const char *name, const char *secret_b32,
    const char *algo, long digits, long period, uint64_t counter);
/* Add with the seed as raw bytes (migration protobuf, FreeOTP+). */
int aa_totp_backup_add_raw(struct aa_totp_backup *b, enum aa_otp_type type,
    const char *issuer, const char *name, const void *seed, size_t seedlen,
    const char *algo, long digits, long period, uint64_t counter);
/* Add from an otpauth:// URI; a malformed URI counts as skipped. */
int aa_totp_backup_add_uri(struct aa_totp_backup *b, const char *uri,
    size_t len);

/*
 * Record the KDF and judge it against checks.md's bar: PBKDF2-SHA256 600k
 * (SHA1 1.3M, SHA512 210k), scrypt N >= 2^15 (r=8, p=1), Argon2id 19 MiB
 * and 2 passes (OWASP), none = weak.
 * kdf is stolen.
 */
void aa_totp_backup_kdf(struct aa_totp_backup *b, json_t *kdf);

/*
 * Decrypt a password-protected Bitwarden export (kdfType 0 PBKDF2-SHA256,
 * 1 Argon2id) into its plain JSON document (new reference).
 */
int aa_totp_bitwarden_open(const json_t *root,
    const struct aa_totp_read_opts *o, json_t **plain, struct aa_diag *diag);
/*
 * A backup reader, like OpenSSH's struct sshkey_impl: each fmt_<name>.c
 * defines one, readers.c lists them in the order they sniff a file. A
 * reader of a JSON format gets the parsed document (borrowed), the others
 * the bytes; exactly one of json and bytes is set. Either returns as
 * described at the top of this file.
 *
 * Adding a backup reader (like git's builtin.h checklist):
 *   - totp/backup/fmt_<name>.c recognises the format by content (never by
 *     file name), sets b->format, the KDF evidence (aa_totp_backup_kdf())
 *     and the entries within the read options' limits, and defines
 *     `const struct aa_totp_reader aa_totp_reader_<name>`;
 *   - its extern below and one row in readers.c, placed by how specific
 *     its test is (the comment there says why each row is where it is);
 *   - a fixture writer in writer.c, cases in tests/unit/test_totp_backup.c
 *     (read, wrong password, truncated), a fuzz harness or a case in
 *     tests/fuzz/fuzz_totp_json.c, and its line in docs/TOTP.md.
 */
struct aa_totp_reader {
	const char *name;
	int (*json)(const json_t *root, const struct aa_totp_read_opts *o,
	    struct aa_totp_backup *b, struct aa_diag *diag);
	int (*bytes)(const char *data, size_t len,
	    const struct aa_totp_read_opts *o, struct aa_totp_backup *b,
	    struct aa_diag *diag);
};

extern const struct aa_totp_reader aa_totp_reader_aegis;
extern const struct aa_totp_reader aa_totp_reader_2fas;
extern const struct aa_totp_reader aa_totp_reader_freeotp;
extern const struct aa_totp_reader aa_totp_reader_bitwarden;
extern const struct aa_totp_reader aa_totp_reader_ente;
extern const struct aa_totp_reader aa_totp_reader_andotp;
extern const struct aa_totp_reader aa_totp_reader_urilist;
extern const struct aa_totp_reader aa_totp_reader_csv;
extern const struct aa_totp_reader aa_totp_reader_andotp_enc;

/* Add every otpauth / otpauth-migration line of a text (others skipped). */
int aa_totp_urilist_take(const char *data, size_t len,
    struct aa_totp_backup *b, struct aa_diag *diag);

/* Small jansson accessors shared by the readers (NULL / default if absent). */
const char *aa_totp_jstr(const json_t *o, const char *key);
long aa_totp_jint(const json_t *o, const char *key, long dflt);
/* OTP type in member key: exactly "hotp" or "steam" ("HOTP", "STEAM" when
 * upper); anything else, or no member, is TOTP. */
enum aa_otp_type aa_totp_jtype(const json_t *o, const char *key, int upper);

/* An otpauth-migration://offline?data=... URI into b. */
int aa_totp_migration_uri(const char *uri, size_t len,
    struct aa_totp_backup *b, struct aa_diag *diag);

/*
 * Seeds exposed in ordinary text (logs, configs, SQL dumps): otpauth and
 * otpauth-migration URIs anywhere, and base32 tokens of 16..128 upper-case
 * characters with a digit, valid as base32, within 64 bytes after a
 * keyword (secret, totp, otp, seed, mfa, 2fa, authenticator) on the same
 * line, outside web URLs, without a long ascending run ("ABCDEF").
 * Seeds go into b (format "exposed"); hits gets {line, kind, secret
 * (redacted), bits} objects, at most max_hits.
 */
int aa_totp_exposed_scan(const char *data, size_t len,
    struct aa_totp_backup *b, json_t *hits, size_t max_hits);

/* Parse JSON text bounded by AA_TOTP_FILE_MAX; NULL when not JSON. */
json_t *aa_totp_json_load(const char *data, size_t len);

#ifdef AA_TEST_INTERNAL
/*
 * Test-only exports, like OpenSSH's SSHBUF_INTERNAL: visible to the test
 * build (the Makefile defines AA_TEST_INTERNAL for tests/unit, tests/bench
 * and tests/fuzz) and to the file that implements them, never to product
 * code.
 */
/* The i-th reader in sniffing order; NULL past the last. */
const struct aa_totp_reader *aa_totp_reader_at(size_t i);
/* Google Authenticator migration payload (protobuf bytes) into b. */
int aa_totp_migration_decode(const unsigned char *pb, size_t len,
    struct aa_totp_backup *b, struct aa_diag *diag);
#endif

#endif
