/*
 * HTML character references ("&amp;", "&#39;", "&#x2F;"): the one decoder,
 * for the redactor (secrets spelled as entities) and for values a profile
 * extracts from HTML markup (an otpauth URI in an href carries "&amp;").
 */
#include <stddef.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/html.h"
#include "auth-audit/core/pct.h"

size_t
aa_html_utf8_put(unsigned long cp, unsigned char *o)
{
	if (cp > 0x10ffff)
		cp = 0xfffd;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | cp >> 6);
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xe0 | cp >> 12);
		o[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		o[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (unsigned char)(0xf0 | cp >> 18);
	o[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
	o[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
	o[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

static const struct {
	const char *name;
	unsigned long cp;
} entities[] = {
	{ "amp;", '&' }, { "lt;", '<' }, { "gt;", '>' }, { "quot;", '"' },
	{ "apos;", '\'' }, { "nbsp;", 0xa0 }, { "sol;", '/' },
	{ "percnt;", '%' }, { "plus;", '+' }, { "bsol;", '\\' },
};

/* "&amp;", "&#39;", "&#x2F;": the code point, or -1. */
long
aa_html_entity(const char *p, size_t left, size_t *used)
{
	size_t i = 1, start;
	long v = 0;
	int hex = 0, d;

	if (left > 2 && p[1] == '#') {
		i = 2;
		if (p[2] == 'x' || p[2] == 'X') {
			hex = 1;
			i = 3;
		}
		for (start = i; i < left && i - start < 8; i++) {
			d = hex ? aa_pct_hexval((unsigned char)p[i]) :
			    (p[i] >= '0' && p[i] <= '9' ? p[i] - '0' : -1);
			if (d < 0)
				break;
			v = v * (hex ? 16 : 10) + d;
		}
		if (i == start || i >= left || p[i] != ';')
			return -1;
		*used = i + 1;
		return v;
	}
	for (size_t k = 0; k < sizeof(entities) / sizeof(entities[0]); k++) {
		size_t n = strlen(entities[k].name);

		if (left > n && strncmp(p + 1, entities[k].name, n) == 0) {
			*used = n + 1;
			return (long)entities[k].cp;
		}
	}
	return -1;
}

int
aa_html_unescape(const char *s, size_t len, char *out, size_t *outlen)
{
	size_t i = 0, n = 0, used;
	long v;

	while (i < len) {
		if (s[i] == '&' && (v = aa_html_entity(s + i, len - i,
		    &used)) > 0) {
			n += aa_html_utf8_put((unsigned long)v,
			    (unsigned char *)out + n);
			i += used;
		} else
			out[n++] = s[i++];
	}
	out[n] = '\0';
	*outlen = n;
	return AA_OK;
}
