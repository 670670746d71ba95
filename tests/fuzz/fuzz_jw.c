/*
 * libFuzzer harness for the streaming JSON writer, against jansson: the
 * input parsed as JSON must come out byte for byte as json_dumps writes
 * it; the input as a string must come out as a JSON string jansson reads,
 * the same bytes jansson writes whenever the input is valid UTF-8.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/jw.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
write_value(const json_t *v, const char *s, struct aa_buf *b)
{
	struct aa_jw w;

	aa_buf_init(b, 1 << 22);
	aa_jw_init(&w, b);
	if (v != NULL)
		aa_jw_value(&w, NULL, v);
	else
		aa_jw_str(&w, NULL, s);
	return aa_jw_end(&w);
}

static void
same(const struct aa_buf *b, const json_t *v)
{
	char *want = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);

	if (want != NULL && strcmp(want, b->ptr) != 0)
		__builtin_trap();
	free(want);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct aa_buf b;
	json_t *v, *back;
	char *s;
	int rc;

	if (size > 65536)
		return 0;
	v = json_loadb((const char *)data, size, JSON_DECODE_ANY |
	    JSON_ALLOW_NUL, NULL);
	if (v != NULL) {
		rc = write_value(v, NULL, &b);
		if (rc == AA_OK)
			same(&b, v);
		else if (rc != AA_ERR_TOOBIG) /* only nesting past the bound */
			__builtin_trap();
		aa_buf_release(&b);
		json_decref(v);
	}
	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (write_value(NULL, s, &b) != AA_OK)
		__builtin_trap();
	back = json_loadb(b.ptr, b.len, JSON_DECODE_ANY, NULL);
	if (!json_is_string(back))
		__builtin_trap();
	if ((v = json_string(s)) != NULL)
		same(&b, v);
	json_decref(v);
	json_decref(back);
	aa_buf_release(&b);
	free(s);
	return 0;
}
