/*
 * Writers of the encrypted backup formats, from plaintext JSON the caller
 * composes. They exist so tests and benchmarks generate their fixtures
 * (never copied from elsewhere) with the same derivations the readers
 * undo; salts and nonces are random. Test-only: declared for the test
 * build (AA_TEST_INTERNAL, like OpenSSH's SSHBUF_INTERNAL) and writer.c.
 */
#ifndef AA_TOTP_WRITER_H
#define AA_TOTP_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include "auth-audit/core/secret.h"

#ifdef AA_TEST_INTERNAL
/* Aegis vault: db_json is the db object ({"version":..,"entries":[..]}). */
int aa_totp_seal_aegis(const char *db_json, const aa_secret_t *pw,
    uint64_t n, uint64_t r, uint64_t p, char **out);
/* andOTP: new format (iter > 0) or old SHA-256 format (iter == 0). */
int aa_totp_seal_andotp(const char *accounts_json, const aa_secret_t *pw,
    uint32_t iter, unsigned char **out, size_t *outlen);
/* 2FAS: services_json is the services array; returns the whole file. */
int aa_totp_seal_2fas(const char *services_json, const aa_secret_t *pw,
    char **out);

/* Bitwarden password-protected export of plain_json: PBKDF2-SHA256 with
 * iter rounds when mib == 0, else Argon2id (iter passes, mib MiB, lanes). */
int aa_totp_seal_bitwarden(const char *plain_json, const aa_secret_t *pw,
    uint32_t iter, uint32_t mib, uint32_t lanes, char **out);
/* Ente Auth encrypted export of a URI list (Argon2id, mem bytes, ops
 * passes; one XChaCha20-Poly1305 secretstream message). */
int aa_totp_seal_ente(const char *uri_lines, const aa_secret_t *pw,
    uint64_t mem, uint32_t ops, char **out);
#endif

#endif
