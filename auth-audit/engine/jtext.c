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
