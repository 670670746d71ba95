/*
 * Which members and step names a profile may use. A typo must never
 * silently drop a step or a section (the audit would run fewer checks and
 * still grade), so anything unknown is a profile error with the nearest
 * known name. Members starting with "_" or "x-", and "comment" or
 * "description", are free for notes.
 */
#include <stdio.h>
#include <string.h>

#include "auth-audit/core/suggest.h"
#include "auth-audit/profile/profile_parts.h"

static const char *const step_names[] = {
	"login", "protected", "logout",
	"totp_enroll", "totp_confirm", "totp_verify", "totp_secret",
	"totp_disable",
	"sms_enroll", "sms_confirm", "sms_send", "sms_send_anon", "sms_verify",
	"sms_disable",
	"recovery_codes", "recovery_verify", "recovery_codes_disable",
	"factor_list", "factor_disable", "factor_enable",
	"webauthn_register_options", "webauthn_register_result",
	"webauthn_login_options", "webauthn_login_result",
	"webauthn_list", "webauthn_disable",
	NULL
};

static const char *const root_members[] = {
	"name", "base_url", "origin", "rp_id", "served_countries", "sms",
	"limits", "accounts", "webauthn", "steps", "factors", "session",
	"session_cookie", "headers", "factor_api", NULL
};

static int
note_member(const char *key)
{
	return key[0] == '_' || strncmp(key, "x-", 2) == 0 ||
	    strcmp(key, "comment") == 0 || strcmp(key, "description") == 0;
}

int
aa_profile_known(struct aa_pctx *c, const json_t *o, const char *ptr,
    const char *const *known)
{
	const char *key, *near;
	json_t *v;

	json_object_foreach((json_t *)o, key, v) {
		size_t i;

		if (note_member(key))
			continue;
		for (i = 0; known[i] != NULL && strcmp(known[i], key) != 0; i++)
			;
		if (known[i] != NULL)
			continue;
		near = aa_suggest(key, known);
		return aa_profile_err(c, ptr, "unknown member \"%.64s\"%s%s%s",
		    key, near ? " (did you mean \"" : "", near ? near : "",
		    near ? "\"?)" : "");
	}
	return AA_OK;
}

int
aa_profile_root_known(struct aa_pctx *c, const json_t *root)
{
	return aa_profile_known(c, root, "", root_members);
}

/* Whether some step lists `name` among the steps it runs before itself. */
static int
referenced(const json_t *steps, const char *name)
{
	const char *key;
	json_t *st, *b;
	size_t i;

	json_object_foreach((json_t *)steps, key, st)
		json_array_foreach(json_object_get(st, "before"), i, b)
			if (json_is_string(b) &&
			    strcmp(json_string_value(b), name) == 0)
				return 1;
	return 0;
}

int
aa_profile_step_name_known(struct aa_pctx *c, const json_t *steps,
    const char *name, const char *ptr)
{
	const char *near;

	for (size_t i = 0; step_names[i] != NULL; i++)
		if (strcmp(step_names[i], name) == 0)
			return AA_OK;
	if (note_member(name) || referenced(steps, name))
		return AA_OK;
	near = aa_suggest(name, step_names);
	return aa_profile_err(c, ptr, "unknown step \"%.64s\"%s%s%s (helper "
	    "steps are named in another step's \"before\" or start with "
	    "\"x-\")", name, near ? "; did you mean \"" : "",
	    near ? near : "", near ? "\"?" : "");
}
