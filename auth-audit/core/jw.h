/*
 * Streaming JSON writer: compact JSON appended to an aa_buf as it is
 * produced, for output written once and never looked at again (the
 * `factors --batch` lines). Building a jansson tree only to serialize and
 * free it costs about ten times what writing the text does; see
 * docs/BENCH.md. Output is byte for byte what jansson's
 * json_dumps(JSON_COMPACT) writes for the same values.
 *
 * Contract: the writer keeps the first error and ignores every call after
 * it, so a sequence of calls is checked once at aa_jw_end(). A member
 * takes its name in `key` inside an object and NULL inside an array or at
 * the top; the other way round is AA_ERR_INTERNAL. Strings are UTF-8; a
 * byte that is not part of a well-formed sequence is written as U+FFFD.
 */
#ifndef AA_JW_H
#define AA_JW_H

#include <jansson.h>

#include "auth-audit/core/buf.h"

#define AA_JW_MAX_DEPTH 32

struct aa_jw {
	struct aa_buf *b;
	int err;                            /* first failure, sticky */
	unsigned depth;
	unsigned char obj[AA_JW_MAX_DEPTH];  /* container is an object */
	unsigned char more[AA_JW_MAX_DEPTH]; /* a member was written */
	int top_done;
};

/* Write into b (appended); b's maximum bounds the output. */
void aa_jw_init(struct aa_jw *w, struct aa_buf *b);
void aa_jw_obj_open(struct aa_jw *w, const char *key);
void aa_jw_obj_close(struct aa_jw *w);
void aa_jw_arr_open(struct aa_jw *w, const char *key);
void aa_jw_arr_close(struct aa_jw *w);
/* A string; NULL writes null. */
void aa_jw_str(struct aa_jw *w, const char *key, const char *s);
void aa_jw_int(struct aa_jw *w, const char *key, long long v);
void aa_jw_bool(struct aa_jw *w, const char *key, int v);
void aa_jw_null(struct aa_jw *w, const char *key);
/* A jansson value of any type, members in its order; NULL writes null. */
void aa_jw_value(struct aa_jw *w, const char *key, const json_t *v);
/* AA_OK when nothing failed and every container was closed. */
int aa_jw_end(const struct aa_jw *w);

#endif
