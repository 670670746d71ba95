/* libcbor helpers: canonical integers, safe ownership, bounded lookups. */
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "fido/softkey/skcbor.h"

cbor_item_t *
aa_fido_cbor_int(int64_t v)
{
	uint64_t u;

	if (v >= 0) {
		u = (uint64_t)v;
		if (u <= UINT8_MAX)
			return cbor_build_uint8((uint8_t)u);
		if (u <= UINT16_MAX)
			return cbor_build_uint16((uint16_t)u);
		if (u <= UINT32_MAX)
			return cbor_build_uint32((uint32_t)u);
		return cbor_build_uint64(u);
	}
	u = (uint64_t)(-(v + 1)); /* CBOR stores -1 - n */
	if (u <= UINT8_MAX)
		return cbor_build_negint8((uint8_t)u);
	if (u <= UINT16_MAX)
		return cbor_build_negint16((uint16_t)u);
	if (u <= UINT32_MAX)
		return cbor_build_negint32((uint32_t)u);
	return cbor_build_negint64(u);
}

cbor_item_t *
aa_fido_cbor_bytes(const void *p, size_t len)
{
	static const unsigned char empty[1];

	return cbor_build_bytestring(len ? p : empty, len);
}

cbor_item_t *
aa_fido_cbor_text(const char *s)
{
	return cbor_build_string(s);
}

int
aa_fido_cbor_put(cbor_item_t *map, cbor_item_t *k, cbor_item_t *v)
{
	int r = AA_ERR_NOMEM;

	if (map == NULL || k == NULL || v == NULL)
		goto out;
	if (!cbor_map_add(map, (struct cbor_pair){ .key = k, .value = v }))
		goto out;
	r = AA_OK;
out:
	if (k != NULL)
		cbor_decref(&k);
	if (v != NULL)
		cbor_decref(&v);
	return r;
}

int
aa_fido_cbor_push(cbor_item_t *arr, cbor_item_t *v)
{
	int r = AA_ERR_NOMEM;

	if (arr == NULL || v == NULL)
		goto out;
	if (!cbor_array_push(arr, v))
		goto out;
	r = AA_OK;
out:
	if (v != NULL)
		cbor_decref(&v);
	return r;
}

int
aa_fido_cbor_dump(const cbor_item_t *it, unsigned char **out, size_t *outlen)
{
	unsigned char *buf = NULL;
	size_t cap = 0, n;

	*out = NULL;
	*outlen = 0;
	if (it == NULL)
		return AA_ERR_ARG;
	n = cbor_serialize_alloc(it, &buf, &cap);
	if (n == 0) {
		free(buf);
		return AA_ERR_NOMEM;
	}
	*out = buf;
	*outlen = n;
	return AA_OK;
}

void
aa_fido_cbw_init(struct aa_fido_cbw *w, unsigned char *p, size_t cap)
{
	w->p = p;
	w->cap = cap;
	w->len = 0;
	w->err = AA_OK;
}

int
aa_fido_cbw_fail(struct aa_fido_cbw *w, int err)
{
	if (w->err == AA_OK)
		w->err = err;
	return w->err;
}

/* Account for n bytes an encoder wrote; libcbor's encoders return 0 when
 * the rest of the buffer is too small. */
static void
cbw_wrote(struct aa_fido_cbw *w, size_t n)
{
	if (n == 0)
		(void)aa_fido_cbw_fail(w, AA_ERR_TOOBIG);
	else
		w->len += n;
}

void
aa_fido_cbw_map(struct aa_fido_cbw *w, size_t pairs)
{
	if (w->err == AA_OK)
		cbw_wrote(w, cbor_encode_map_start(pairs, w->p + w->len,
		    w->cap - w->len));
}

void
aa_fido_cbw_array(struct aa_fido_cbw *w, size_t n)
{
	if (w->err == AA_OK)
		cbw_wrote(w, cbor_encode_array_start(n, w->p + w->len,
		    w->cap - w->len));
}

void
aa_fido_cbw_int(struct aa_fido_cbw *w, int64_t v)
{
	if (w->err != AA_OK)
		return;
	if (v >= 0)
		cbw_wrote(w, cbor_encode_uint((uint64_t)v, w->p + w->len,
		    w->cap - w->len));
	else
		cbw_wrote(w, cbor_encode_negint((uint64_t)(-(v + 1)),
		    w->p + w->len, w->cap - w->len));
}

static void
cbw_string(struct aa_fido_cbw *w, int text, const void *p, size_t len)
{
	if (w->err != AA_OK)
		return;
	cbw_wrote(w, text ?
	    cbor_encode_string_start(len, w->p + w->len, w->cap - w->len) :
	    cbor_encode_bytestring_start(len, w->p + w->len, w->cap - w->len));
	if (w->err != AA_OK)
		return;
	if (len > w->cap - w->len) {
		(void)aa_fido_cbw_fail(w, AA_ERR_TOOBIG);
		return;
	}
	if (len > 0)
		memcpy(w->p + w->len, p, len);
	w->len += len;
}

void
aa_fido_cbw_bytes(struct aa_fido_cbw *w, const void *p, size_t len)
{
	cbw_string(w, 0, p, len);
}

void
aa_fido_cbw_text(struct aa_fido_cbw *w, const char *s)
{
	cbw_string(w, 1, s, strlen(s));
}

/*
 * Walk one item without allocating: every declared length and count must
 * fit in the bytes left (each element takes at least one byte). libcbor
 * allocates a definite array or map for its declared size up front, so a
 * few bytes claiming 2^32 elements would otherwise cost gigabytes.
 * Indefinite lengths are refused (CTAP2 canonical CBOR has none).
 */
static int
walk(const unsigned char *p, size_t len, size_t *off, int depth)
{
	unsigned mt, ai;
	uint64_t v = 0;

	if (depth > AA_FIDO_CBOR_MAX_DEPTH || *off >= len)
		return -1;
	mt = p[*off] >> 5;
	ai = p[*off] & 31;
	(*off)++;
	if (ai < 24)
		v = ai;
	else if (ai <= 27) {
		size_t n = (size_t)1 << (ai - 24);

		if (len - *off < n)
			return -1;
		for (size_t i = 0; i < n; i++)
			v = v << 8 | p[(*off)++];
	} else
		return -1;
	switch (mt) {
	case 2:
	case 3:
		if (v > len - *off)
			return -1;
		*off += (size_t)v;
		return 0;
	case 4:
	case 5:
		if (v > (len - *off) / (mt == 5 ? 2 : 1))
			return -1;
		for (uint64_t i = 0; i < v * (mt == 5 ? 2 : 1); i++)
			if (walk(p, len, off, depth + 1) != 0)
				return -1;
		return 0;
	case 6:
		return walk(p, len, off, depth + 1);
	default: /* integers, simple values, floats: consumed above */
		return 0;
	}
}

int
aa_fido_cbor_load_prefix(const unsigned char *p, size_t len,
    cbor_item_t **out, size_t *used)
{
	struct cbor_load_result res;
	cbor_item_t *it;
	size_t end = 0;

	*out = NULL;
	*used = 0;
	if (p == NULL || len == 0 || walk(p, len, &end, 0) != 0)
		return AA_ERR_PARSE;
	it = cbor_load(p, end, &res);
	if (it == NULL)
		return AA_ERR_PARSE;
	if (res.error.code != CBOR_ERR_NONE || res.read != end) {
		cbor_decref(&it);
		return AA_ERR_PARSE;
	}
	*out = it;
	*used = end;
	return AA_OK;
}

int
aa_fido_cbor_load(const unsigned char *p, size_t len, cbor_item_t **out)
{
	size_t used = 0;
	int r;

	if ((r = aa_fido_cbor_load_prefix(p, len, out, &used)) != AA_OK)
		return r;
	if (used != len) {
		cbor_decref(out);
		return AA_ERR_PARSE;
	}
	return AA_OK;
}

int
aa_fido_cbor_to_i(const cbor_item_t *it, int64_t *out)
{
	uint64_t u;

	if (it == NULL)
		return AA_ERR_PARSE;
	if (cbor_isa_uint(it)) {
		u = cbor_get_int(it);
		if (u > INT64_MAX)
			return AA_ERR_PARSE;
		*out = (int64_t)u;
		return AA_OK;
	}
	if (cbor_isa_negint(it)) {
		u = cbor_get_int(it);
		if (u > INT64_MAX)
			return AA_ERR_PARSE;
		*out = -(int64_t)u - 1;
		return AA_OK;
	}
	return AA_ERR_PARSE;
}

int
aa_fido_cbor_to_bool(const cbor_item_t *it)
{
	/* libcbor's cbor_is_bool asserts on a float: width first. */
	if (it == NULL || !cbor_isa_float_ctrl(it) ||
	    cbor_float_get_width(it) != CBOR_FLOAT_0 || !cbor_is_bool(it))
		return -1;
	return cbor_get_bool(it) ? 1 : 0;
}

int
aa_fido_cbor_to_str(const cbor_item_t *it, char *buf, size_t buflen)
{
	size_t n;

	if (it == NULL || !cbor_isa_string(it) || !cbor_string_is_definite(it))
		return AA_ERR_PARSE;
	n = cbor_string_length(it);
	if (n >= buflen)
		return AA_ERR_TOOBIG;
	if (n > 0)
		memcpy(buf, cbor_string_handle(it), n);
	buf[n] = '\0';
	if (memchr(buf, '\0', n) != NULL)
		return AA_ERR_PARSE;
	return AA_OK;
}

cbor_item_t *
aa_fido_cbor_get_i(const cbor_item_t *map, int64_t key)
{
	struct cbor_pair *pairs;
	size_t n;
	int64_t k;

	if (map == NULL || !cbor_isa_map(map) || !cbor_map_is_definite(map))
		return NULL;
	pairs = cbor_map_handle(map);
	n = cbor_map_size(map);
	for (size_t i = 0; i < n; i++)
		if (aa_fido_cbor_to_i(pairs[i].key, &k) == AA_OK && k == key)
			return pairs[i].value;
	return NULL;
}

cbor_item_t *
aa_fido_cbor_get_s(const cbor_item_t *map, const char *key)
{
	struct cbor_pair *pairs;
	size_t n, kl = strlen(key);

	if (map == NULL || !cbor_isa_map(map) || !cbor_map_is_definite(map))
		return NULL;
	pairs = cbor_map_handle(map);
	n = cbor_map_size(map);
	for (size_t i = 0; i < n; i++) {
		const cbor_item_t *k = pairs[i].key;

		if (cbor_isa_string(k) && cbor_string_is_definite(k) &&
		    cbor_string_length(k) == kl &&
		    memcmp(cbor_string_handle(k), key, kl) == 0)
			return pairs[i].value;
	}
	return NULL;
}
