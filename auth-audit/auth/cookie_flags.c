/*
 * AUTH-COOKIE-FLAGS: every Set-Cookie that sets the session cookie during
 * login must carry HttpOnly and SameSite (Lax or Strict; None opts out of
 * the protection), and Secure when the service is on https. The raw
 * Set-Cookie lines are read, since a cookie jar forgets SameSite.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "auth-audit/auth/auth_int.h"
#include "auth-audit/core/err.h"

struct flags {
	int httponly, secure, deletes;
	char samesite[16];
};

static int
name_is(const char *line, const char *name)
{
	size_t n = strlen(name);

	while (*line == ' ')
		line++;
	return strncmp(line, name, n) == 0 && line[n] == '=';
}

static void
parse(const char *line, struct flags *f)
{
	const char *p = strchr(line, ';'), *e;
	size_t n;

	memset(f, 0, sizeof(*f));
	e = strchr(line, '=');
	if (e != NULL && (e[1] == ';' || e[1] == '\0'))
		f->deletes = 1;
	while (p != NULL) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		e = strchr(p, ';');
		n = e != NULL ? (size_t)(e - p) : strlen(p);
		while (n > 0 && isspace((unsigned char)p[n - 1]))
			n--;
		if (n == 8 && strncasecmp(p, "httponly", 8) == 0)
			f->httponly = 1;
		else if (n == 6 && strncasecmp(p, "secure", 6) == 0)
			f->secure = 1;
		else if (n > 9 && strncasecmp(p, "samesite=", 9) == 0)
			snprintf(f->samesite, sizeof(f->samesite), "%.*s",
			    (int)(n - 9), p + 9);
		else if (n == 9 && strncasecmp(p, "max-age=0", 9) == 0)
			f->deletes = 1;
		p = e;
	}
}

/* Judge the Set-Cookie lines of one cookie; appends a row. 1 = weak. */
static int
judge_one(const json_t *lines, const char *name, int https,
    json_t *rows, char *what, size_t wlen)
{
	struct flags f;
	json_t *ln;
	size_t i, seen = 0;
	int weak = 0;

	json_array_foreach(lines, i, ln) {
		const char *line = json_string_value(ln);

		if (line == NULL || !name_is(line, name))
			continue;
		parse(line, &f);
		if (f.deletes)
			continue;
		seen++;
		json_array_append_new(rows, json_pack("{s:s,s:b,s:s,s:b}",
		    "name", name, "httponly", f.httponly, "samesite",
		    f.samesite[0] ? f.samesite : "(none)", "secure", f.secure));
		if (!f.httponly || !f.samesite[0] ||
		    strcasecmp(f.samesite, "none") == 0 || (https && !f.secure)) {
			if (what[0] == '\0')
				snprintf(what, wlen, "%s lacks%s%s%s", name,
				    f.httponly ? "" : " HttpOnly",
				    f.samesite[0] && strcasecmp(f.samesite,
				    "none") ? "" : " SameSite",
				    https && !f.secure ? " Secure" : "");
			weak = 1;
		}
	}
	return seen == 0 ? -1 : weak;
}

static void
judge(struct aa_auth_ck *c, const json_t *names)
{
	int https = strncasecmp(c->a->profile->base_url, "https:", 6) == 0;
	json_t *rows = json_array(), *nm;
	char what[160] = "";
	size_t i, judged = 0;
	int w, weak = 0;

	json_array_foreach(names, i, nm) {
		w = judge_one(c->set_cookies, json_string_value(nm), https,
		    rows, what, sizeof(what));
		if (w >= 0)
			judged++;
		if (w == 1)
			weak = 1;
	}
	aa_auth_ck_set(c, "set_cookies", rows);
	aa_auth_ck_set(c, "https", json_boolean(https));
	if (weak)
		aa_auth_ck_report(c, AA_FAIL, "session cookie %s", what);
	else if (judged == 0)
		aa_auth_ck_report(c, AA_NOT_TESTED, "no Set-Cookie for the "
		    "session cookie was seen during login");
	else
		aa_auth_ck_report(c, AA_PASS, "session cookie set with "
		    "HttpOnly, SameSite%s", https ? " and Secure" : "");
}

void
aa_auth_check_cookie_flags(struct aa_audit *a)
{
	struct aa_auth_ck c;
	struct aa_session *s = NULL;
	json_t *names = NULL;
	int r;

	if ((r = aa_auth_ck_init(&c, a, "AUTH-COOKIE-FLAGS")) != AA_OK ||
	    !aa_auth_ck_need(&c, "login", "protected", NULL))
		goto out;
	if ((c.set_cookies = json_array()) == NULL) {
		r = AA_ERR_NOMEM;
		goto out;
	}
	if ((r = aa_auth_session(&c, 0, &s)) != AA_OK ||
	    (r = aa_auth_full(&c, s, 0, NULL)) != AA_OK ||
	    (r = aa_auth_session_cookies(&c, s, &names)) != AA_OK)
		goto out;
	if (json_array_size(names) == 0)
		aa_auth_ck_report(&c, AA_NOT_TESTED, "the session is not "
		    "carried by a cookie (the protected step needs none)");
	else
		judge(&c, names);
out:
	json_decref(names);
	aa_session_free(&s);
	aa_auth_ck_done(&c, r);
}
