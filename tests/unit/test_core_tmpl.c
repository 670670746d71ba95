#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "auth-audit/engine/flow.h"
#include "auth-audit/core/jalloc.h"
#include "auth-audit/profile/profile.h"
#include "auth-audit/engine/tmpl.h"
#include "tests/unit/tap.h"

static const char prof[] =
    "{\"base_url\": \"http://127.0.0.1:8080\", \"origin\": "
    "\"http://localhost:8080\", \"accounts\": [{\"username\": \"alice\", "
    "\"password\": \"s3cret pw&x\", \"phone\": \"+15555550101\", "
    "\"tier\": 3}]}";

/* Expand a JSON template and compare its compact dump. */
static void
expands_to_json(struct aa_tmpl_ctx *c, const char *tmpl, const char *want,
    const char *name)
{
	json_t *in = json_loads(tmpl, JSON_DECODE_ANY, NULL), *out = NULL;
	char *got = NULL;
	int r = aa_tmpl_json(c, in, &out);

	if (r == AA_OK)
		got = json_dumps(out, JSON_COMPACT | JSON_ENCODE_ANY);
	is_str(got ? got : aa_errname(r), want, name);
	free(got);
	json_decref(out);
	json_decref(in);
}

static void
str_is(struct aa_tmpl_ctx *c, const char *tmpl, enum aa_tmpl_enc e,
    const char *want, const char *name)
{
	char *got = NULL;
	int r = aa_tmpl_string(c, tmpl, e, &got);

	is_str(r == AA_OK ? got : aa_errname(r), want, name);
	free(got);
}

/* Lookup order: check vars, session, account, profile. */
static void
lookup_order(struct aa_tmpl_ctx *c, const json_t *vars)
{
	str_is(c, "${username}/${tier}", AA_TMPL_RAW, "alice/session-tier",
	    "account field, session var beats account");
	c->vars = vars;
	str_is(c, "${username}", AA_TMPL_RAW, "override", "check var first");
	str_is(c, "pw=${password}", AA_TMPL_RAW, "pw=s3cret pw&x",
	    "password from the secret");
	str_is(c, "${origin} ${rp_id} ${base_url}", AA_TMPL_RAW,
	    "http://localhost:8080 localhost http://127.0.0.1:8080",
	    "profile vars");
	str_is(c, "Bearer ${token}", AA_TMPL_RAW, "Bearer tok-123",
	    "session var");
}

static void
interpolation(struct aa_tmpl_ctx *c)
{
	str_is(c, "n=${vnum} a=${varr} o=${vobj} z=${vnull}.", AA_TMPL_RAW,
	    "n=123456 a=[\"a\",\"b\"] o={\"k\":true} z=.", "text forms");
	str_is(c, "/p/${password}?q=${password}&r=1", AA_TMPL_URL,
	    "/p/s3cret pw&x?q=s3cret%20pw%26x&r=1", "query values encoded");
	str_is(c, "${nope}", AA_TMPL_RAW, "AA_ERR_PROFILE", "unknown var");
	is_str(c->missing, "nope", "unknown var named");
	str_is(c, "$x ${ } ${a b} ${unterminated", AA_TMPL_RAW,
	    "$x ${ } ${a b} ${unterminated", "malformed refs stay literal");
}

static void
whole_values(struct aa_tmpl_ctx *c)
{
	expands_to_json(c, "{\"code\": \"${vnull}\"}", "{\"code\":null}",
	    "null");
	expands_to_json(c, "{\"code\": \"${vnum}\"}", "{\"code\":123456}",
	    "number");
	expands_to_json(c, "{\"code\": \"${varr}\"}",
	    "{\"code\":[\"a\",\"b\"]}", "array");
	expands_to_json(c, "{\"code\": \"${gone}\", \"u\": \"${username}\"}",
	    "{\"u\":\"override\"}", "drop member");
	expands_to_json(c, "[1, \"${gone}\", 2]", "[1,2]", "drop element");
	expands_to_json(c, "{\"a\": {\"b\": [\"x${vnum}\"]}}",
	    "{\"a\":{\"b\":[\"x123456\"]}}", "nested interpolation");
	expands_to_json(c, "{\"a\": \"${missing_var}\"}", "AA_ERR_PROFILE",
	    "unknown var in JSON");
	is_str(c->missing, "missing_var", "JSON unknown var named");
	expands_to_json(c, "{\"t\": true, \"n\": 1.5}",
	    "{\"t\":true,\"n\":1.5}", "non-strings copied");
}

static void
whole_detect(void)
{
	char name[80];

	ok(aa_tmpl_whole("${abc}", name, sizeof(name)) &&
	    strcmp(name, "abc") == 0, "whole detects");
	ok(!aa_tmpl_whole(" ${abc}", name, sizeof(name)), "not whole");
}

static void
bounded_output(struct aa_tmpl_ctx *c, struct aa_session *s)
{
	char *big;

	big = malloc(AA_TMPL_MAX_OUT / 2 + 1);
	memset(big, 'x', AA_TMPL_MAX_OUT / 2);
	big[AA_TMPL_MAX_OUT / 2] = '\0';
	aa_session_set_var(s, "big", json_string(big));
	c->vars = NULL;
	str_is(c, "${big}${big}${big}", AA_TMPL_RAW, "AA_ERR_TOOBIG",
	    "output bounded");
	free(big);
}

int
main(void)
{
	struct aa_profile *p = NULL;
	struct aa_http *h = NULL;
	struct aa_session *s = NULL;
	struct aa_tmpl_ctx c;
	json_t *vars;
	int r;

	aa_json_secure_init();
	r = aa_profile_parse(prof, strlen(prof), "t", &p, NULL);
	is_int(r, AA_OK, "profile");
	if (r != AA_OK)
		return tap_done();
	is_int(aa_http_new(&p->limits, NULL, &h), AA_OK, "http");
	is_int(aa_session_new(h, p, 0, &s), AA_OK, "session");
	vars = json_pack("{s:n, s:i, s:[s,s], s:{s:b}, s:s, s:o}", "vnull",
	    "vnum", 123456, "varr", "a", "b", "vobj", "k", 1, "username",
	    "override", "gone", json_incref(aa_flow_drop()));
	aa_session_set_var(s, "token", json_string("tok-123"));
	aa_session_set_var(s, "tier", json_string("session-tier"));
	memset(&c, 0, sizeof(c));
	c.sess = s;
	c.prof = p;
	lookup_order(&c, vars);
	interpolation(&c);
	whole_values(&c);
	whole_detect();
	bounded_output(&c, s);
	json_decref(vars);
	aa_session_free(&s);
	aa_http_free(&h);
	aa_profile_free(&p);
	return tap_done();
}
