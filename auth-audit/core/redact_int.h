/*
 * Internal to the redactor: redact.c holds the set of secrets and writes
 * the output, redact_views.c finds secrets in the encoded forms a text may
 * carry them in. Both record what must go as spans of the input.
 */
#ifndef AA_REDACT_INT_H
#define AA_REDACT_INT_H

#include <stddef.h>

struct aa_redact;

/* Input bytes [a, b) are replaced by one mark. */
struct aa_redact_span {
	size_t a, b;
};

struct aa_redact_spans {
	struct aa_redact_span *v;
	size_t n, cap;
	int err;                /* AA_ERR_NOMEM once an add failed */
};

/* 256 flags: some secret starts with this byte (a fast first test). */
const unsigned char *aa_redact_firsts(const struct aa_redact *r);
/* Length of the longest secret starting at p (left bytes), or 0. */
size_t aa_redact_match_len(const struct aa_redact *r, const char *p,
    size_t left);
/* 1 when an all-digit match t[i..i+m) touches another digit: part of a
 * longer number, not the code. */
int aa_redact_in_number(const char *t, size_t len, size_t i, size_t m);
void aa_redact_span_add(struct aa_redact_spans *sp, size_t a, size_t b);
/*
 * Find secrets in the decoded readings of in[0..len): percent and form
 * encoding, JSON / C / Markdown backslash escapes, HTML entities (up to two
 * layers deep) and base64 runs; add the input spans that encode them.
 */
void aa_redact_views_scan(const struct aa_redact *r, const char *in,
    size_t len, struct aa_redact_spans *sp);

#endif
