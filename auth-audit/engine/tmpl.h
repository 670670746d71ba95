/*
 * Step templates: "${var}" in strings, and whole-value substitution in
 * JSON bodies (a string that is exactly "${var}" becomes the variable's
 * JSON value; aa_flow_drop() removes the member or element).
 *
 * Lookup order: check-supplied vars, the session's variables, the
 * account (password from its secret, then every other member), the
 * profile (base_url, origin, rp_id).
 */
#ifndef AA_TMPL_H
#define AA_TMPL_H

#include <stddef.h>

#include <jansson.h>

#include "auth-audit/core/buf.h"
#include "auth-audit/profile/profile.h"

#define AA_TMPL_MAX_OUT (1024 * 1024) /* any one expanded string or body */
#define AA_TMPL_MAX_NAME 64

struct aa_session;

struct aa_tmpl_ctx {
	const json_t *vars;             /* check-supplied, may be NULL */
	const struct aa_session *sess;  /* may be NULL */
	const struct aa_profile *prof;  /* may be NULL */
	size_t account;                 /* index into prof->accounts */
	char missing[AA_TMPL_MAX_NAME + 1]; /* unknown var on AA_ERR_PROFILE */
};

enum aa_tmpl_enc {
	AA_TMPL_RAW,  /* values inserted as they are */
	AA_TMPL_URL,  /* values after the first literal '?' percent-encoded */
};

/* The variable's value (new reference; aa_flow_drop() itself for the
 * drop marker) or NULL when it is unknown. */
json_t *aa_tmpl_lookup(const struct aa_tmpl_ctx *c, const char *name);
/*
 * Expand every ${var} of in. Strings are inserted as text, numbers and
 * booleans in JSON notation, null and drop as nothing, arrays and objects
 * as compact JSON. AA_ERR_PROFILE (c->missing set) on an unknown var,
 * AA_ERR_TOOBIG past AA_TMPL_MAX_OUT. *out is malloc'd.
 */
int aa_tmpl_string(struct aa_tmpl_ctx *c, const char *in,
    enum aa_tmpl_enc enc, char **out);
/* Deep copy of in with every string expanded (whole-value rule above). */
int aa_tmpl_json(struct aa_tmpl_ctx *c, const json_t *in, json_t **out);
/* Text form of a value as aa_tmpl_string inserts it (malloc'd). */
char *aa_tmpl_text(const json_t *v);
/* Append s percent-encoded (RFC 3986 unreserved kept; space as %20):
 * aa_pct_text_encode() of auth-audit/pct.h. */
int aa_tmpl_urlencode(struct aa_buf *b, const char *s);

#ifdef AA_TEST_INTERNAL
/*
 * Test-only exports, like OpenSSH's SSHBUF_INTERNAL: visible to the test
 * build (the Makefile defines AA_TEST_INTERNAL for tests/unit, tests/bench
 * and tests/fuzz) and to the file that implements them, never to product
 * code.
 */
/* If s is exactly "${name}", copy name into out and return 1. */
int aa_tmpl_whole(const char *s, char *out, size_t outlen);
#endif

#endif
