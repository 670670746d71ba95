#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/jalloc.h"
#include "auth-audit/profile/lines.h"
#include "auth-audit/profile/profile.h"
#include "auth-audit/core/redact.h"
#include "tests/unit/tap.h"

static const char good[] =
    "{\"name\": \"t\", \"base_url\": \"http://127.0.0.1:8080/\","
    " \"served_countries\": [\"US\", \"GB\"],"
    " \"sms\": {\"inbox\": \"http://127.0.0.1:8099\"},"
    " \"limits\": {\"max_requests\": 10, \"max_rps\": 5},"
    " \"accounts\": [{\"username\": \"a\", \"password\": \"pw-one-secret\","
    "   \"phone\": \"+15555550101\", \"team\": \"blue\"},"
    "  {\"username\": \"b\", \"password_env\": \"AA_TEST_PW\"}],"
    " \"webauthn\": {\"api\": \"fido-conformance\", \"prefix\": \"/fido\"},"
    " \"factors\": {\"offered\": {\"sms\": false}},"
    " \"steps\": {\"login\": {\"method\": \"POST\", \"path\": \"/api/login\","
    "   \"json\": {\"u\": \"${username}\"},"
    "   \"extract\": {\"uid\": \"json:/user/id\", \"c\": \"cookie:sid\","
    "     \"h\": \"header:X-Id\", \"r\": \"regex:id=(\\\\d+)\"},"
    "   \"ok\": {\"status\": [200], \"json\": {\"/ok\": true}}},"
    "  \"x-abs\": {\"url\": \"http://127.0.0.1:9/x\", \"form\": {\"a\": 1}}}}";

/* Replace the first occurrence of `from` in good by `to`, parse, and
 * check the result code and that diag names `ptr`. */
static void
bad(const char *from, const char *to, const char *ptr, int want)
{
	char doc[4096], *at;
	struct aa_profile *p = NULL;
	struct aa_diag d = { "" };
	int r;

	at = strstr(good, from);
	if (at == NULL) {
		ok(0, "fixture has %s", from);
		return;
	}
	snprintf(doc, sizeof(doc), "%.*s%s%s", (int)(at - good), good, to,
	    at + strlen(from));
	r = aa_profile_parse(doc, strlen(doc), "t.json", &p, &d);
	is_int(r, want, ptr);
	ok(strncmp(d.msg, "t.json: ", 8) == 0 && strstr(d.msg, ptr) != NULL,
	    "diag names %s: %s", ptr, d.msg);
	ok(p == NULL, "no profile on error");
	aa_profile_free(&p);
}

/* Lines of steps in the raw text: strings that look like keys, braces
 * inside strings and a nested "steps" member must not confuse it. */
static void
step_lines(void)
{
	static const char doc[] =
	    "{\"name\": \"a \\\"steps\\\": {\",\n"        /* 1 */
	    " \"x\": [\"{\", {\"steps\": {\"no\": 1}}],\n"   /* 2 */
	    " \"webauthn\": {},\n"                            /* 3 */
	    " \"steps\": {\n"                                 /* 4 */
	    "  \"login\": {\"json\": {\"a\": \"}\"},\n"        /* 5 */
	    "    \"ok\": {\"status\": [200]}},\n"              /* 6 */
	    "  \"protected\":\n"                              /* 7 */
	    "   {\"path\": \"/me\"}, \"e\\u0078\": {}\n"      /* 8 */
	    " }\n}\n";
	json_t *l = NULL;
	long sl = 0;

	is_int(aa_profile_step_lines(doc, strlen(doc), &l, &sl), AA_OK,
	    "step lines found");
	is_int(sl, 4, "the steps member");
	is_int(json_integer_value(json_object_get(l, "login")), 5,
	    "first step's line");
	is_int(json_integer_value(json_object_get(l, "protected")), 7,
	    "a later step's line");
	is_int(json_integer_value(json_object_get(l, "/webauthn")), 3,
	    "root members as /name");
	ok(json_object_get(l, "no") == NULL && json_object_get(l, "ok") ==
	    NULL && json_object_get(l, "json") == NULL,
	    "only the keys of steps itself");
	ok(json_object_size(l) == 6, "escaped names left out (%zu keys)",
	    json_object_size(l));
	json_decref(l);
}

/* The good fixture: every member where it belongs, secrets scrubbed. */
static void
good_profile(void)
{
	struct aa_profile *p = NULL;
	struct aa_diag d = { "" };
	int r;

	r = aa_profile_parse(good, strlen(good), "t.json", &p, &d);
	is_int(r, AA_OK, "good profile parses");
	if (r != AA_OK)
		tap_diag("%s", d.msg);
	if (p != NULL) {
		is_str(p->base_url, "http://127.0.0.1:8080", "trailing / dropped");
		is_str(p->origin, "http://127.0.0.1:8080", "origin default");
		is_str(p->rp_id, "127.0.0.1", "rp_id default");
		is_int((long long)p->naccounts, 2, "two accounts");
		is_str(aa_secret_str(p->accounts[0].password), "pw-one-secret",
		    "password in secret");
		is_str(aa_secret_str(p->accounts[1].password), "env-secret-pw",
		    "password_env read");
		is_str(json_string_value(json_object_get(p->accounts[0].fields,
		    "team")), "blue", "extra account fields kept");
		ok(json_object_get(p->accounts[0].fields, "password") == NULL,
		    "password not in fields");
		is_int((long long)p->limits.max_requests, 10, "limits read");
		is_int((long long)p->limits.timeout_ms, 10000, "limit default");
		is_int((long long)p->nserved, 2, "countries");
		is_str(p->sms_code_regex, "\\b(\\d{4,8})\\b", "code_regex default");
		is_str(p->webauthn_prefix, "/fido", "webauthn prefix");
		ok(aa_profile_step(p, "login") != NULL, "step found");
		ok(aa_profile_step(p, "nope") == NULL, "missing step NULL");
		ok(json_object_get(p->root, "factors") != NULL,
		    "module section kept");
		{
			char *dump = json_dumps(p->root, 0);

			ok(dump != NULL && strstr(dump, "pw-one-secret") == NULL,
			    "password scrubbed from root");
			free(dump);
		}
	}
	aa_profile_free(&p);
	ok(p == NULL, "free NULLs");
}

/* Each malformed member is named by its JSON pointer. */
static void
bad_members(void)
{
	bad("\"http://127.0.0.1:8080/\"", "\"ftp://x\"", "/base_url",
	    AA_ERR_PROFILE);
	bad("\"base_url\"", "\"base_uri\"", "/base_url", AA_ERR_PROFILE);
	bad("\"US\"", "\"usa\"", "/served_countries/0", AA_ERR_PROFILE);
	bad("\"max_rps\": 5", "\"max_rps\": -1", "/limits/max_rps",
	    AA_ERR_PROFILE);
	bad("\"max_requests\": 10", "\"max_requests\": \"10\"",
	    "/limits/max_requests", AA_ERR_PROFILE);
	bad("\"+15555550101\"", "\"555\"", "/accounts/0/phone", AA_ERR_PROFILE);
	bad("\"AA_TEST_PW\"", "\"AA_TEST_UNSET_VAR\"",
	    "/accounts/1/password_env", AA_ERR_PROFILE);
	bad("\"password\": \"pw-one-secret\",", "", "/accounts/0",
	    AA_ERR_PROFILE);
	bad("\"method\": \"POST\"", "\"method\": 3", "/steps/login/method",
	    AA_ERR_PROFILE);
	bad("\"path\": \"/api/login\"", "\"path\": \"api\"",
	    "/steps/login/path", AA_ERR_PROFILE);
	bad("\"json:/user/id\"", "\"xml:/user\"", "/steps/login/extract/uid",
	    AA_ERR_PROFILE);
	bad("\"json:/user/id\"", "\"json:user\"", "/steps/login/extract/uid",
	    AA_ERR_PROFILE);
	bad("regex:id=(", "regex:id=((", "/steps/login/extract/r",
	    AA_ERR_PROFILE);
	bad("[200]", "[\"200\"]", "/steps/login/ok/status/0", AA_ERR_PROFILE);
	bad("{\"/ok\": true}", "{\"ok\": true}", "/steps/login/ok/json/ok",
	    AA_ERR_PROFILE);
	bad("\"form\": {\"a\": 1}", "\"form\": {\"a\": 1}, \"body\": \"x\"",
	    "/steps/x-abs", AA_ERR_PROFILE);
	bad("\"extract\"", "\"extrac\"", "/steps/login/extrac", AA_ERR_PROFILE);
	bad("\"fido-conformance\"", "\"custom\"", "/webauthn/api",
	    AA_ERR_PROFILE);
	bad("\"prefix\": \"/fido\"", "\"prefix\": \"/fido\", \"login\": "
	    "\"passkeys\"", "/webauthn/login", AA_ERR_PROFILE);
	bad("{\"name\"", "[{\"name\"", "line 1", AA_ERR_PROFILE);
	bad("\"name\": \"t\"", "\"name\": \"t\", \"name\": \"u\"", "line 1",
	    AA_ERR_PROFILE);
}

/* Files: unreadable and oversize. */
static void
files(void)
{
	struct aa_profile *p = NULL;
	struct aa_diag d = { "" };
	char path[] = "/tmp/aa-prof-XXXXXX", *big;
	FILE *fp;
	int fd, r;

	/* Files: unreadable and oversize. */
	r = aa_profile_load("/nonexistent/p.json", &p, &d);
	is_int(r, AA_ERR_IO, "missing file is AA_ERR_IO");
	ok(strstr(d.msg, "/nonexistent/p.json") != NULL, "diag names file");
	fd = mkstemp(path);
	fp = fd >= 0 ? fdopen(fd, "w") : NULL;
	big = calloc(1, AA_PROFILE_MAX_BYTES + 2);
	if (fp != NULL && big != NULL) {
		memset(big, ' ', AA_PROFILE_MAX_BYTES + 1);
		fwrite(big, 1, AA_PROFILE_MAX_BYTES + 1, fp);
		fclose(fp);
		is_int(aa_profile_load(path, &p, &d), AA_ERR_TOOBIG,
		    "oversize file is AA_ERR_TOOBIG");
		fp = fopen(path, "w");
		fputs(good, fp);
		fclose(fp);
		is_int(aa_profile_load(path, &p, &d), AA_OK, "file loads");
		ok(p != NULL && strcmp(p->file, path) == 0, "file recorded");
		aa_profile_free(&p);
	} else
		ok(0, "temp file");
	unlink(path);
	free(big);
}

int
main(void)
{
	aa_json_secure_init();
	setenv("AA_TEST_PW", "env-secret-pw", 1);
	step_lines();
	good_profile();
	bad_members();
	files();
	return tap_done();
}
