/*
 * Small helpers over libcbor for the FIDO module: smallest-width integers
 * (CTAP2 canonical CBOR demands them), ownership-safe map insertion, and
 * bounded lookups in maps that came from outside.
 */
#ifndef AA_FIDO_SKCBOR_H
#define AA_FIDO_SKCBOR_H

#include <stddef.h>
#include <stdint.h>

#include <cbor.h>

/* Integer item of the smallest encoding; NULL on ENOMEM. */
cbor_item_t *aa_fido_cbor_int(int64_t v);
/* Byte string / text string items (copies). */
cbor_item_t *aa_fido_cbor_bytes(const void *p, size_t len);
cbor_item_t *aa_fido_cbor_text(const char *s);
/*
 * Add k -> v to a definite map, taking both references. NULL k or v (a
 * failed build) is an error; everything passed is released either way.
 */
int aa_fido_cbor_put(cbor_item_t *map, cbor_item_t *k, cbor_item_t *v);
/* Append to a definite array, taking the reference. */
int aa_fido_cbor_push(cbor_item_t *arr, cbor_item_t *v);
/* Serialize into a new malloc'd buffer. */
int aa_fido_cbor_dump(const cbor_item_t *it, unsigned char **out,
    size_t *outlen);

/*
 * Writer of CBOR heads and strings straight into a caller's buffer,
 * through libcbor's encoders (smallest widths, as CTAP2 canonical CBOR
 * wants): the software key's per-ceremony replies, where a tree of items
 * and its serialization cost a tenth of an assertion. The caller writes
 * map keys in canonical order. The first failure sticks in `err`
 * (AA_ERR_TOOBIG when the buffer is short); check it once at the end.
 */
struct aa_fido_cbw {
	unsigned char *p;
	size_t cap, len;
	int err;
};

void aa_fido_cbw_init(struct aa_fido_cbw *w, unsigned char *p, size_t cap);
void aa_fido_cbw_map(struct aa_fido_cbw *w, size_t pairs);
void aa_fido_cbw_array(struct aa_fido_cbw *w, size_t n);
void aa_fido_cbw_int(struct aa_fido_cbw *w, int64_t v);
void aa_fido_cbw_bytes(struct aa_fido_cbw *w, const void *p, size_t len);
void aa_fido_cbw_text(struct aa_fido_cbw *w, const char *s);
/* Record a failure of the caller's own (AA_ERR_*) unless one came first;
 * returns w->err. */
int aa_fido_cbw_fail(struct aa_fido_cbw *w, int err);

#define AA_FIDO_CBOR_MAX_DEPTH 16

/*
 * Parse exactly len bytes (trailing bytes are an error). Declared sizes
 * are checked against the input before libcbor allocates anything;
 * nesting is limited to AA_FIDO_CBOR_MAX_DEPTH; indefinite lengths refused.
 */
int aa_fido_cbor_load(const unsigned char *p, size_t len, cbor_item_t **out);
/* The first item of p[0..len); *used = its length. */
int aa_fido_cbor_load_prefix(const unsigned char *p, size_t len,
    cbor_item_t **out, size_t *used);

/* Map lookups (borrowed results; NULL when absent or `map` no map). */
cbor_item_t *aa_fido_cbor_get_i(const cbor_item_t *map, int64_t key);
cbor_item_t *aa_fido_cbor_get_s(const cbor_item_t *map, const char *key);
/* Value of an integer item; AA_ERR_PARSE if not an integer in range. */
int aa_fido_cbor_to_i(const cbor_item_t *it, int64_t *out);
/* 1/0 of a boolean item, or -1 when it is no boolean. */
int aa_fido_cbor_to_bool(const cbor_item_t *it);
/* Text item into a NUL-terminated buffer; AA_ERR_TOOBIG if it does not fit. */
int aa_fido_cbor_to_str(const cbor_item_t *it, char *buf, size_t buflen);

#endif
