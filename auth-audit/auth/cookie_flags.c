/*
 * AUTH-COOKIE-FLAGS: the session cookie of a full login must carry
 * HttpOnly and SameSite (Lax or Strict; None opts out of the protection),
 * and Secure when the service is on https. The session's jar keeps the
 * attributes of the Set-Cookie lines it took, SameSite included.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "auth-audit/auth/auth_int.h"
#include "auth-audit/core/err.h"

/* Judge one cookie of the jar; appends a row. 1 = weak, -1 not there. */
static int
judge_one(const json_t *cookies, const char *name, int https, json_t *rows,
    char *what, size_t wlen)
{
	const json_t *ck;
	size_t i;

	json_array_foreach(cookies, i, ck) {
		const char *n = json_string_value(json_object_get(ck, "name"));
		const char *ss = json_string_value(json_object_get(ck,
		    "samesite"));
		int httponly = json_is_true(json_object_get(ck, "httponly"));
		int secure = json_is_true(json_object_get(ck, "secure"));
		int weak;

		if (n == NULL || strcmp(n, name) != 0)
			continue;
		json_array_append_new(rows, json_pack("{s:s,s:b,s:s,s:b}",
		    "name", name, "httponly", httponly, "samesite",
		    ss != NULL ? ss : "(none)", "secure", secure));
		weak = !httponly || ss == NULL || strcasecmp(ss, "none") == 0 ||
		    (https && !secure);
		if (weak && what[0] == '\0')
			snprintf(what, wlen, "%s lacks%s%s%s", name,
			    httponly ? "" : " HttpOnly",
			    ss != NULL && strcasecmp(ss, "none") ? "" :
			    " SameSite", https && !secure ? " Secure" : "");
		return weak;
	}
	return -1;
}

void
aa_auth_check_cookie_flags(struct aa_audit *a, const struct aa_check_def *d)
{
	struct aa_auth_ck c;
	struct aa_session *s = NULL;
	json_t *names = NULL, *cookies = NULL, *rows = json_array(), *nm;
	int https = strncasecmp(a->profile->base_url, "https:", 6) == 0;
	char what[160] = "";
	size_t i, judged = 0;
	int r, w, weak = 0;

	if ((r = aa_auth_ck_init(&c, a, d->cid)) != AA_OK)
		goto out;
	if ((r = aa_auth_full(&c, 0, &s)) != AA_OK)
		goto out;
	/* The jar as the service left it: finding the session cookies puts
	 * them back without their attributes. */
	cookies = aa_session_cookies(s);
	if ((r = aa_auth_session_cookies(&c, s, &names)) != AA_OK)
		goto out;
	if (json_array_size(names) == 0) {
		aa_auth_ck_report(&c, AA_NOT_APPLICABLE, "the session is not "
		    "carried by a cookie (`protected` needs none)");
		goto out;
	}
	json_array_foreach(names, i, nm) {
		w = judge_one(cookies, json_string_value(nm), https, rows, what,
		    sizeof(what));
		judged += w >= 0;
		weak |= w == 1;
	}
	aa_auth_ck_set(&c, "session_cookies", json_incref(rows));
	aa_auth_ck_set(&c, "https", json_boolean(https));
	if (weak)
		aa_auth_ck_report(&c, AA_FAIL, "session cookie %s", what);
	else if (judged == 0)
		aa_auth_ck_report(&c, AA_NOT_TESTED, "the session cookie is not "
		    "in the jar after a full login");
	else
		aa_auth_ck_report(&c, AA_PASS, "session cookie set with "
		    "HttpOnly, SameSite%s", https ? " and Secure" : "");
out:
	json_decref(rows);
	json_decref(cookies);
	json_decref(names);
	aa_session_free(&s);
	aa_auth_ck_done(&c, r);
}
