/* JSON pointers (RFC 6901); see jptr.h. */
#include <ctype.h>
#include <string.h>

#include "auth-audit/core/jptr.h"

void
aa_json_pointer_escape(const char *key, char *out, size_t outlen)
{
	size_t k = 0;

	if (outlen == 0)
		return;
	for (; *key != '\0' && k + 3 < outlen; key++) {
		if (*key == '~' || *key == '/') {
			out[k++] = '~';
			out[k++] = *key == '~' ? '0' : '1';
		} else
			out[k++] = *key;
	}
	out[k] = '\0';
}

int
aa_json_pointer_valid(const char *ptr)
{
	if (ptr == NULL)
		return 0;
	if (ptr[0] != '\0' && ptr[0] != '/')
		return 0;
	for (const char *p = ptr; *p != '\0'; p++)
		if (*p == '~' && p[1] != '0' && p[1] != '1')
			return 0;
	return 1;
}

/* Decode one reference token [p, end) into tok; 0 if too long. */
static int
token(const char *p, const char *end, char *tok, size_t toklen, size_t *n)
{
	size_t k = 0;

	for (; p < end; p++) {
		char c = *p;

		if (c == '~') {
			c = p[1] == '0' ? '~' : '/';
			p++;
		}
		if (k + 1 >= toklen)
			return 0;
		tok[k++] = c;
	}
	tok[k] = '\0';
	*n = k;
	return 1;
}

static int
array_index(const char *tok, size_t n, size_t *idx)
{
	size_t v = 0;

	if (n == 0 || n > 9 || (n > 1 && tok[0] == '0'))
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)tok[i]))
			return 0;
		v = v * 10 + (size_t)(tok[i] - '0');
	}
	*idx = v;
	return 1;
}

const json_t *
aa_json_pointer_get(const json_t *root, const char *ptr)
{
	const json_t *cur = root;
	const char *p, *end;
	char tok[512];
	size_t n, idx;

	if (root == NULL || !aa_json_pointer_valid(ptr))
		return NULL;
	for (p = ptr; cur != NULL && *p == '/'; p = end) {
		p++;
		if ((end = strchr(p, '/')) == NULL)
			end = p + strlen(p);
		if (!token(p, end, tok, sizeof(tok), &n))
			return NULL;
		if (json_is_object(cur))
			cur = json_object_getn(cur, tok, n);
		else if (json_is_array(cur) && array_index(tok, n, &idx))
			cur = json_array_get(cur, idx);
		else
			cur = NULL;
	}
	return cur;
}
