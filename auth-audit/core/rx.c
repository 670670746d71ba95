#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/buf.h"
#include "auth-audit/core/err.h"
#include "auth-audit/core/rx.h"

/* Append the POSIX form of a Perl class letter, in or out of brackets. */
static int
class_put(struct aa_buf *b, char c, int in_bracket)
{
	const char *s = NULL;

	switch (c) {
	case 'd': s = in_bracket ? "0-9" : "[0-9]"; break;
	case 'D': s = in_bracket ? NULL : "[^0-9]"; break;
	case 's': s = in_bracket ? "[:space:]" : NULL; break;
	case 'w': s = in_bracket ? "[:alnum:]_" : NULL; break;
	default: break;
	}
	if (s == NULL)
		return 0;
	return aa_buf_puts(b, s) == AA_OK ? 1 : -1;
}

/*
 * glibc compiles "x+" as "xx*" and "x{m,n}" as n copies of x, so stacked
 * or nested repetition ("a++++", "((a{200}){200})") grows the compiled
 * tree exponentially; backreferences make matching exponential. Profiles
 * need neither: estimate the expanded size and refuse big ones.
 */
#define REGEX_MAX_BOUND 255
#define REGEX_MAX_COST 20000
#define REGEX_MAX_DEPTH 32

/* Index just past the bracket expression starting at pat[i] == '['. */
static size_t
skip_bracket(const char *pat, size_t i)
{
	size_t j = i + 1;

	if (pat[j] == '^')
		j++;
	if (pat[j] == ']')
		j++;
	while (pat[j] != '\0' && pat[j] != ']') {
		if (pat[j] == '[' && (pat[j + 1] == ':' || pat[j + 1] == '.' ||
		    pat[j + 1] == '=')) {
			const char *e = strstr(pat + j + 2, pat[j + 1] == ':' ?
			    ":]" : pat[j + 1] == '.' ? ".]" : "=]");

			if (e == NULL)
				return strlen(pat);
			j = (size_t)(e - pat) + 2;
			continue;
		}
		j++;
	}
	return pat[j] == ']' ? j + 1 : j;
}

static int
regex_cost_ok(const char *pat, char *why, size_t whylen)
{
	unsigned long stack[REGEX_MAX_DEPTH], cur = 0, last = 0, m, n;
	size_t i = 0, depth = 0;
	const char *msg = NULL;
	char *end;
	int quant = 0, was_quant;

	while (pat[i] != '\0' && msg == NULL) {
		char c = pat[i];

		/* "a+*", "a*+", "a{2}+": repetition of a repetition, which
		 * POSIX leaves undefined and glibc compiles into nested
		 * stars, in exponential time whatever the cost above says. */
		was_quant = quant;
		quant = c == '*' || c == '+' || c == '?' ||
		    (c == '{' && isdigit((unsigned char)pat[i + 1]));
		if (quant && was_quant) {
			msg = "a repetition of a repetition (\"a+*\", \"a+?\") "
			    "is not supported";
			break;
		}
		if (c == '\\' && pat[i + 1] >= '1' && pat[i + 1] <= '9') {
			msg = "backreferences are not supported";
		} else if (c == '(') {
			if (depth == REGEX_MAX_DEPTH)
				msg = "groups nested too deeply";
			else {
				stack[depth++] = cur;
				cur = last = 0;
			}
			i++;
		} else if (c == ')' && depth > 0) {
			last = cur;
			cur = stack[--depth] + last;
			i++;
		} else if (c == '|') {
			last = 0;
			i++;
		} else if (c == '+') {
			cur += last;
			last *= 2;
			i++;
		} else if (c == '{' && isdigit((unsigned char)pat[i + 1])) {
			m = n = strtoul(pat + i + 1, &end, 10);
			if (*end == ',' && isdigit((unsigned char)end[1]))
				n = strtoul(end + 1, &end, 10);
			if (m > REGEX_MAX_BOUND || n > REGEX_MAX_BOUND)
				msg = "repetition count above 255";
			n = n > m ? n : m;
			n = n > 0 ? n : 1;
			cur += last * (n - 1);
			last *= n;
			i = (size_t)(end - pat) + (*end == '}');
		} else {
			i = c == '[' ? skip_bracket(pat, i) :
			    c == '\\' && pat[i + 1] != '\0' ? i + 2 : i + 1;
			if (c != '*' && c != '?') {
				cur++;
				last = 1;
			}
		}
		if (cur > REGEX_MAX_COST || last > REGEX_MAX_COST)
			msg = "repetition makes the pattern too large";
	}
	if (msg != NULL && why != NULL)
		snprintf(why, whylen, "%s", msg);
	return msg == NULL;
}

int
aa_regex_compile(regex_t *re, const char *pat, int cflags, char *why,
    size_t whylen)
{
	struct aa_buf b;
	size_t i, n, bstart = 0;
	int in_br = 0, rc, r = AA_ERR_PARSE, k;

	if (why != NULL && whylen > 0)
		why[0] = '\0';
	if (pat == NULL || (n = strlen(pat)) > AA_REGEX_MAX_PATTERN) {
		if (why != NULL)
			snprintf(why, whylen, "pattern longer than %d bytes",
			    AA_REGEX_MAX_PATTERN);
		return AA_ERR_PARSE;
	}
	if (!regex_cost_ok(pat, why, whylen))
		return AA_ERR_PARSE;
	aa_buf_init(&b, 4 * AA_REGEX_MAX_PATTERN + 16);
	if (aa_buf_append(&b, "", 0) != AA_OK)
		return AA_ERR_NOMEM;
	for (i = 0; i < n; i++) {
		char c = pat[i];

		if (in_br) {
			/* "]" right after "[" or "[^" is a literal. */
			if (c == ']' && i > bstart)
				in_br = 0;
			else if (c == '[' && i + 1 < n && strchr(":.=", pat[i + 1])) {
				const char *e = strstr(pat + i + 2, ":]");

				if (pat[i + 1] != ':' || e == NULL)
					e = pat + i + 1;
				if (aa_buf_append(&b, pat + i,
				    (size_t)(e - (pat + i))) != AA_OK)
					goto out;
				i = (size_t)(e - pat) - 1;
				continue;
			} else if (c == '\\' && i + 1 < n &&
			    (k = class_put(&b, pat[i + 1], 1)) != 0) {
				if (k < 0)
					goto out;
				i++;
				continue;
			}
		} else if (c == '[') {
			in_br = 1;
			bstart = i + 1;
			if (i + 1 < n && pat[i + 1] == '^')
				bstart++;
		} else if (c == '\\' && i + 1 < n) {
			if ((k = class_put(&b, pat[i + 1], 0)) < 0)
				goto out;
			if (k == 0 && aa_buf_append(&b, pat + i, 2) != AA_OK)
				goto out;
			i++;
			continue;
		}
		if (aa_buf_append(&b, &c, 1) != AA_OK)
			goto out;
	}
	if ((rc = regcomp(re, b.ptr, REG_EXTENDED | cflags)) != 0) {
		if (why != NULL)
			regerror(rc, re, why, whylen);
		goto out;
	}
	r = AA_OK;
out:
	aa_buf_release(&b);
	return r;
}

int
aa_regex_first(const regex_t *re, const char *s, size_t len, char **out)
{
	regmatch_t m[2];
	size_t i;
	char *d;

	*out = NULL;
	if (len > AA_REGEX_MAX_SUBJECT)
		len = AA_REGEX_MAX_SUBJECT;
	/* REG_STARTEND: the body is not necessarily NUL-free. */
	m[0].rm_so = 0;
	m[0].rm_eo = (regoff_t)len;
	if (regexec(re, s, 2, m, REG_STARTEND) != 0)
		return AA_ERR_NOTFOUND;
	i = re->re_nsub >= 1 && m[1].rm_so >= 0 ? 1 : 0;
	if ((d = strndup(s + m[i].rm_so, (size_t)(m[i].rm_eo - m[i].rm_so))) ==
	    NULL)
		return AA_ERR_NOMEM;
	*out = d;
	return AA_OK;
}
