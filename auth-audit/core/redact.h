/*
 * The audit's set of secrets-in-flight (passwords, seeds, codes). Anything
 * that leaves the process as evidence, log or report text is passed through
 * aa_redact_apply(), which replaces every registered secret by its redacted
 * form. Modules register a secret as soon as they learn it.
 */
#ifndef AA_REDACT_H
#define AA_REDACT_H

#include <stddef.h>

#include "auth-audit/core/secret.h"

struct aa_redact;

/* What a redacted value becomes (printf format taking its length, %zu). */
#define AA_REDACT_MARK_FMT "\u00abredacted %zu chars\u00bb"

int aa_redact_new(struct aa_redact **out);
void aa_redact_free(struct aa_redact **rp);
/* Register a secret (copied). Values shorter than 4 bytes are ignored. */
int aa_redact_add(struct aa_redact *r, const void *p, size_t len);
int aa_redact_add_secret(struct aa_redact *r, const aa_secret_t *s);
/* New string with every registered secret replaced; NULL on ENOMEM. */
char *aa_redact_apply(const struct aa_redact *r, const char *in);

#endif
