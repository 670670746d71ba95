/* libcbor helpers: canonical integers, safe ownership, bounded lookups. */
#include <stdlib.h>
#include <string.h>

#include "auth-audit/err.h"
#include "fido/skcbor.h"

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

int
aa_fido_cbor_load(const unsigned char *p, size_t len, cbor_item_t **out)
{
	struct cbor_load_result res;
	cbor_item_t *it;

	*out = NULL;
	if (p == NULL || len == 0)
		return AA_ERR_PARSE;
	it = cbor_load(p, len, &res);
	if (it == NULL)
		return AA_ERR_PARSE;
	if (res.error.code != CBOR_ERR_NONE || res.read != len) {
		cbor_decref(&it);
		return AA_ERR_PARSE;
	}
	*out = it;
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
	if (it == NULL || !cbor_isa_float_ctrl(it) || !cbor_is_bool(it))
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
