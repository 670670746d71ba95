/*
 * Percent-encoding, decoding and form splitting. Malformed escapes are
 * errors, never guesses: "%4" or "%zz" is refused, not copied through.
 */
#include <string.h>

#include "auth-audit/core/buf.h"
#include "auth-audit/core/err.h"
#include "auth-audit/core/pct.h"

int
aa_pct_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
aa_pct_text_decode(const char *src, size_t len, unsigned flags, char *out,
    size_t *outlen)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		int c = (unsigned char)src[i];

		if (c == '%') {
			int h, l;

			if (i + 2 >= len ||
			    (h = aa_pct_hexval((unsigned char)src[i + 1])) < 0 ||
			    (l = aa_pct_hexval((unsigned char)src[i + 2])) < 0)
				return AA_ERR_PARSE;
			c = h << 4 | l;
			i += 2;
		} else if (c == '+' && (flags & AA_PCT_PLUS_SPACE))
			c = ' ';
		if (c == '\0' && (flags & AA_PCT_NO_NUL))
			return AA_ERR_PARSE;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	*outlen = n;
	return AA_OK;
}

int
aa_pct_text_encode(struct aa_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char e[3];
	int r = AA_OK;

	for (; *s != '\0' && r == AA_OK; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~') {
			r = aa_buf_append(b, s, 1);
			continue;
		}
		e[0] = '%';
		e[1] = hex[c >> 4];
		e[2] = hex[c & 15];
		r = aa_buf_append(b, e, 3);
	}
	return r;
}

int
aa_pct_pair_next(const char *s, size_t len, size_t *pos,
    struct aa_pct_pair *p)
{
	size_t i = *pos, end, eq;

	/* empty pairs ("a=1&&b=2", a leading or trailing '&') are skipped */
	while (i < len && s[i] == '&')
		i++;
	if (i >= len) {
		*pos = len;
		return 0;
	}
	for (end = i; end < len && s[end] != '&'; end++)
		;
	for (eq = i; eq < end && s[eq] != '='; eq++)
		;
	p->name = s + i;
	p->namelen = eq - i;
	p->value = s + (eq < end ? eq + 1 : end);
	p->valuelen = eq < end ? end - eq - 1 : 0;
	*pos = end;
	return 1;
}
