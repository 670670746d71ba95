#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth-audit/buf.h"
#include "auth-audit/err.h"
#include "auth-audit/extract.h"
#include "auth-audit/flow.h"

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

	while (pat[i] != '\0' && msg == NULL) {
		char c = pat[i];

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

int
aa_extract_spec_check(const char *spec, char *why, size_t whylen)
{
	regex_t re;
	char rwhy[200];

	if (spec == NULL || strlen(spec) > AA_EXTRACT_MAX_SPEC) {
		snprintf(why, whylen, "extractor longer than %d bytes",
		    AA_EXTRACT_MAX_SPEC);
		return AA_ERR_PARSE;
	}
	if (strncmp(spec, "json:", 5) == 0) {
		if (aa_json_pointer_valid(spec + 5))
			return AA_OK;
		snprintf(why, whylen, "\"%s\" is not a JSON pointer", spec + 5);
		return AA_ERR_PARSE;
	}
	if (strncmp(spec, "cookie:", 7) == 0 || strncmp(spec, "header:", 7) == 0) {
		for (const char *p = spec + 7; *p != '\0'; p++)
			if (*p <= ' ' || *p == 0x7f || strchr("=;:,\"", *p)) {
				snprintf(why, whylen, "bad character in name");
				return AA_ERR_PARSE;
			}
		if (spec[7] != '\0')
			return AA_OK;
		snprintf(why, whylen, "empty name after \"%.7s\"", spec);
		return AA_ERR_PARSE;
	}
	if (strncmp(spec, "regex:", 6) == 0) {
		if (aa_regex_compile(&re, spec + 6, 0, rwhy, sizeof(rwhy)) !=
		    AA_OK) {
			snprintf(why, whylen, "bad regex: %s", rwhy);
			return AA_ERR_PARSE;
		}
		regfree(&re);
		return AA_OK;
	}
	snprintf(why, whylen,
	    "expected \"json:/ptr\", \"cookie:NAME\", \"header:NAME\" or "
	    "\"regex:PATTERN\"");
	return AA_ERR_PARSE;
}

/* Value of cookie `name` in a raw Set-Cookie line, or NULL. */
static char *
set_cookie_value(const char *line, const char *name)
{
	size_t n = strlen(name);
	const char *v, *e;

	while (*line == ' ' || *line == '\t')
		line++;
	if (strncmp(line, name, n) != 0)
		return NULL;
	for (v = line + n; *v == ' '; v++)
		;
	if (*v != '=')
		return NULL;
	for (v++; *v == ' '; v++)
		;
	e = strchr(v, ';');
	if (e == NULL)
		e = v + strlen(v);
	while (e > v && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	return strndup(v, (size_t)(e - v));
}

static int
from_cookie(const char *name, const struct aa_response *resp,
    const struct aa_session *s, json_t **out)
{
	char *v = NULL;
	size_t i;
	json_t *line;

	/* The jar is what the client holds; the raw header covers cookies
	 * the jar refused (wrong domain or path). Last Set-Cookie wins. */
	if (s != NULL)
		v = aa_session_cookie_value(s, name);
	for (i = json_array_size(resp->set_cookies); v == NULL && i > 0; i--) {
		line = json_array_get(resp->set_cookies, i - 1);
		if (json_is_string(line))
			v = set_cookie_value(json_string_value(line), name);
	}
	if (v == NULL)
		return AA_OK;
	*out = aa_json_text(v, strlen(v));
	free(v);
	return *out != NULL ? AA_OK : AA_ERR_NOMEM;
}

static int
from_header(const char *name, const struct aa_response *resp, json_t **out)
{
	char low[256];
	size_t n = strlen(name);
	const json_t *v;

	if (n >= sizeof(low))
		return AA_OK;
	for (size_t i = 0; i <= n; i++)
		low[i] = (char)tolower((unsigned char)name[i]);
	if ((v = json_object_get(resp->headers, low)) != NULL)
		*out = json_deep_copy(v);
	return AA_OK;
}

static int
from_regex(const char *pat, const struct aa_response *resp, json_t **out)
{
	regex_t re;
	char *v = NULL;
	int r;

	if (aa_regex_compile(&re, pat, 0, NULL, 0) != AA_OK)
		return AA_ERR_PROFILE;
	r = aa_regex_first(&re, resp->body.ptr ? resp->body.ptr : "",
	    resp->body.len, &v);
	regfree(&re);
	if (r == AA_ERR_NOTFOUND)
		return AA_OK;
	if (r != AA_OK)
		return r;
	*out = aa_json_text(v, strlen(v));
	free(v);
	return *out != NULL ? AA_OK : AA_ERR_NOMEM;
}

int
aa_extract_run(const char *spec, const struct aa_response *resp,
    const struct aa_session *s, json_t **out)
{
	const json_t *v;

	if (out == NULL)
		return AA_ERR_ARG;
	*out = NULL;
	if (spec == NULL || resp == NULL)
		return AA_ERR_ARG;
	if (strncmp(spec, "json:", 5) == 0) {
		if ((v = aa_json_pointer_get(resp->json, spec + 5)) != NULL &&
		    (*out = json_deep_copy(v)) == NULL)
			return AA_ERR_NOMEM;
		return AA_OK;
	}
	if (strncmp(spec, "cookie:", 7) == 0)
		return from_cookie(spec + 7, resp, s, out);
	if (strncmp(spec, "header:", 7) == 0)
		return from_header(spec + 7, resp, out);
	if (strncmp(spec, "regex:", 6) == 0)
		return from_regex(spec + 6, resp, out);
	return AA_ERR_PROFILE;
}
