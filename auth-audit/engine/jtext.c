#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/buf.h"
#include "auth-audit/core/err.h"
#include "auth-audit/engine/extract.h"

/* Length of the valid UTF-8 sequence at p (n bytes left), 0 if invalid. */
static size_t
utf8_len(const unsigned char *p, size_t n)
{
	unsigned long cp;
	size_t k, i;

	if (p[0] < 0x80)
		return p[0] != 0;
	if ((p[0] & 0xe0) == 0xc0) {
		k = 2;
		cp = p[0] & 0x1f;
	} else if ((p[0] & 0xf0) == 0xe0) {
		k = 3;
		cp = p[0] & 0x0f;
	} else if ((p[0] & 0xf8) == 0xf0) {
		k = 4;
		cp = p[0] & 0x07;
	} else
		return 0;
	if (k > n)
		return 0;
	for (i = 1; i < k; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((k == 2 && cp < 0x80) || (k == 3 && cp < 0x800) ||
	    (k == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return k;
}

json_t *
aa_json_text(const char *p, size_t n)
{
	struct aa_buf b;
	json_t *j = NULL;
	size_t i = 0, k;

	aa_buf_init(&b, 3 * n + 1);
	if (aa_buf_append(&b, "", 0) != AA_OK)
		return NULL;
	while (i < n) {
		k = utf8_len((const unsigned char *)p + i, n - i);
		if (k == 0) {
			if (aa_buf_append(&b, "\xef\xbf\xbd", 3) != AA_OK)
				goto out;
			i++;
			continue;
		}
		if (aa_buf_append(&b, p + i, k) != AA_OK)
			goto out;
		i += k;
	}
	j = json_stringn(b.ptr, b.len);
out:
	aa_buf_release(&b);
	return j;
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
