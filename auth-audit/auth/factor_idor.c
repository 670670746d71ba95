/*
 * AUTH-FACTOR-IDOR: account A's session asks factor_list and then
 * factor_disable for account B's user_id (from B's own login, extract
 * `user_id`). B's factors in the answer, or B losing a factor, fail.
 * A removal is checked against A's own list (a server that ignores the
 * user_id and acts on A is not an IDOR) and restored afterwards.
 */
#include <stdio.h>
#include <string.h>

#include "auth-audit/auth/auth_int.h"
#include "auth-audit/core/err.h"

struct ids {
	char a[128], b[128];
	const char *a_user, *b_user;
};

static int
mentions(const struct aa_response *r, const char *id,
    const char *user)
{
	if (r->json != NULL)
		return aa_auth_json_has(r->json, id) ||
		    (user != NULL && aa_auth_json_has(r->json, user));
	return r->body.ptr != NULL && user != NULL &&
	    strstr(r->body.ptr, user) != NULL;
}

/* *leak: A's session got B's factor list. */
static int
list_probe(struct aa_auth_ck *c, struct aa_session *sa,
    const struct ids *id, int *leak)
{
	struct aa_step_result own, other;
	unsigned mown = 0, mother = 0;
	int r, ok = 0, mb, ma;

	memset(&own, 0, sizeof(own));
	memset(&other, 0, sizeof(other));
	*leak = 0;
	if ((r = aa_auth_factor_list(c, sa, id->a, &mown, &own, &ok)) !=
	    AA_OK ||
	    (r = aa_auth_factor_list(c, sa, id->b, &mother, &other, &ok)) !=
	    AA_OK || !ok)
		goto out;
	mb = mentions(&other.resp, id->b, id->b_user);
	ma = mentions(&other.resp, id->a, id->a_user);
	if (mb && !ma)
		*leak = 1;
	else if (!mb && !ma && mother != 0 && own.resp.body.ptr != NULL &&
	    other.resp.body.ptr != NULL &&
	    strcmp(own.resp.body.ptr, other.resp.body.ptr) != 0)
		*leak = 1;
	aa_auth_ck_set(c, "list_accepted", json_true());
	aa_auth_ck_set(c, "list_names_b", json_boolean(mb));
out:
	aa_step_result_release(&own);
	aa_step_result_release(&other);
	return r;
}

/* Vars for factor_disable on B, with A's own valid reauthentication. */
static json_t *
disable_vars(struct aa_auth_ck *c, struct aa_session *sa,
    const struct ids *id, const char *factor)
{
	const struct aa_factor_provider *fp = NULL;
	aa_secret_t *code = NULL;
	json_t *vars = json_pack("{s:s,s:s}", "user_id", id->b, "factor",
	    factor);

	if (vars != NULL && aa_auth_step_uses(c->a, "factor_disable", "code") &&
	    aa_audit_second_factor(c->a, 0, sa, &fp, &code) == AA_OK) {
		aa_redact_add_secret(c->a->redact, code);
		json_object_set_new(vars, "code",
		    json_string(aa_secret_str(code)));
	}
	aa_secret_free(&code);
	return vars;
}

static int
disable_probe(struct aa_auth_ck *c, struct aa_session *sa,
    const struct ids *id, int *removed)
{
	const char *factor = aa_auth_factor_restorable(c->a, ~0u);
	json_t *vars = NULL;
	unsigned mask = ~0u;
	int r = AA_OK, ok = 0, listed = 0;

	*removed = 0;
	if (factor == NULL ||
	    (vars = disable_vars(c, sa, id, factor)) == NULL)
		goto out;
	if ((r = aa_auth_step(c, sa, "factor_disable", vars, NULL, NULL,
	    &ok)) != AA_OK || !ok)
		goto out;
	/* Did the server act on A instead (user_id ignored)? */
	if (aa_auth_factor_list(c, sa, id->a, &mask, NULL, &listed) == AA_OK &&
	    listed && !(mask & 1u) && strcmp(factor, "recovery_codes") == 0) {
		aa_auth_ck_set(c, "acted_on_a", json_true());
		aa_auth_ck_set(c, "restored_a", json_boolean(
		    aa_auth_factor_restore(c, 0, factor) == AA_OK));
		goto out;
	}
	*removed = 1;
	aa_auth_ck_set(c, "factor", json_string(factor));
	aa_auth_ck_set(c, "restored_b", json_boolean(
	    aa_auth_factor_restore(c, 1, factor) == AA_OK));
out:
	json_decref(vars);
	return r;
}

static int
ids_of(struct aa_auth_ck *c, struct aa_session *sa,
    struct aa_session *sb, struct ids *id)
{
	id->a_user = c->a->profile->accounts[0].username;
	id->b_user = c->a->profile->accounts[1].username;
	if (!aa_auth_var_str(sb, "user_id", id->b, sizeof(id->b)) ||
	    !aa_auth_var_str(sa, "user_id", id->a, sizeof(id->a))) {
		c->missing = NULL;
		return aa_auth_ck_why(c, AA_ERR_STEP, "the login step extracts "
		    "no `user_id`, needed to address account B");
	}
	return AA_OK;
}

static int
probe(struct aa_auth_ck *c, struct aa_session *sa,
    const struct ids *id)
{
	int r, leak = 0, removed = 0;

	if ((r = list_probe(c, sa, id, &leak)) != AA_OK)
		return r;
	if (leak) {
		aa_auth_ck_report(c, AA_FAIL, "account A's session listed "
		    "account B's factors (`factor_list` with B's user_id)");
		return AA_OK;
	}
	if (aa_profile_step(c->a->profile, "factor_disable") != NULL &&
	    (r = disable_probe(c, sa, id, &removed)) != AA_OK)
		return r;
	if (removed)
		aa_auth_ck_report(c, AA_FAIL, "account A's session removed a "
		    "factor of account B (`factor_disable` with B's user_id)");
	else
		aa_auth_ck_report(c, AA_PASS, "account A's session could "
		    "neither list%s account B's factors", aa_profile_step(
		    c->a->profile, "factor_disable") ? " nor remove" : "");
	return AA_OK;
}

void
aa_auth_check_factor_idor(struct aa_audit *a)
{
	struct aa_auth_ck c;
	struct aa_session *sa = NULL, *sb = NULL;
	struct ids id;
	int r;

	if ((r = aa_auth_ck_init(&c, a, "AUTH-FACTOR-IDOR")) != AA_OK ||
	    !aa_auth_ck_need(&c, "login", "factor_list", NULL))
		goto out;
	if (a->profile->naccounts < 2) {
		aa_auth_ck_report(&c, AA_NOT_TESTED, "needs two accounts in "
		    "the profile");
		goto out;
	}
	if ((r = aa_auth_session(&c, 1, &sb)) != AA_OK ||
	    (r = aa_auth_password(&c, sb, 0)) != AA_OK ||
	    (r = aa_auth_session(&c, 0, &sa)) != AA_OK ||
	    (r = aa_auth_full(&c, sa, 0, NULL)) != AA_OK ||
	    (r = ids_of(&c, sa, sb, &id)) != AA_OK)
		goto out;
	r = probe(&c, sa, &id);
out:
	aa_session_free(&sa);
	aa_session_free(&sb);
	aa_auth_ck_done(&c, r);
}
