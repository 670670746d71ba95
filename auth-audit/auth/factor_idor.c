/*
 * AUTH-FACTOR-IDOR: account A's session addresses account B's factors:
 * factor_list with B's user_id, a removal with B's user_id, and a
 * per-credential removal (`webauthn_disable` with ${credential_id}) with
 * an id from B's own list. The ground truth is B's own view: B's factors
 * named in A's answer, or gone from B's list afterwards. Controls: A's
 * own list works, and B's list names its factor before the probe.
 * Whatever B lost is enrolled again.
 */
#include <stdio.h>
#include <string.h>

#include "auth-audit/auth/auth_int.h"
#include "auth-audit/core/err.h"

struct ids {
	char a[128], b[128];
	const char *a_user, *b_user;
	int have;          /* both user ids known */
};

static int
mentions(const struct aa_response *r, const char *id, const char *user)
{
	if (r->json != NULL)
		return (id[0] != '\0' && aa_auth_json_has(r->json, id)) ||
		    (user != NULL && aa_auth_json_has(r->json, user));
	return r->body.ptr != NULL && user != NULL &&
	    strstr(r->body.ptr, user) != NULL;
}

/* *leak: A's session got B's factor list. */
static int
list_probe(struct aa_auth_ck *c, struct aa_session *sa, const struct ids *id,
    int *leak, int *control)
{
	struct aa_step_result own, other;
	unsigned mown = 0, mother = 0;
	int r, ok = 0, mb, ma;

	memset(&own, 0, sizeof(own));
	memset(&other, 0, sizeof(other));
	*leak = 0;
	if ((r = aa_auth_factor_list(c, sa, id->a, &mown, &own, control)) !=
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
	aa_auth_ck_set(c, "list_names_b", json_boolean(mb));
out:
	aa_step_result_release(&own);
	aa_step_result_release(&other);
	return r;
}

/* B's credential ids from its own `webauthn_list` (new array or NULL). */
static json_t *
b_credentials(struct aa_auth_ck *c, struct aa_session *sb)
{
	struct aa_step_result res;
	const json_t *ids;
	json_t *out = NULL;
	int ok = 0;

	memset(&res, 0, sizeof(res));
	/* a list answered with nothing to extract is an empty one (the
	 * caller's control saw the extraction work on B's credential) */
	if (aa_auth_step(c, sb, "webauthn_list", NULL, NULL, &res, &ok) ==
	    AA_OK && ok)
		out = (ids = json_object_get(res.extracted, "credential_ids")) ==
		    NULL ? json_array() : json_is_array(ids) ?
		    json_incref((json_t *)ids) : json_pack("[O]", ids);
	aa_step_result_release(&res);
	return out;
}

/* Whether B still has f: its list names it (credential id `cred`, when
 * given, still in its webauthn_list). -1 cannot tell. */
static int
b_has(struct aa_auth_ck *c, struct aa_session *sb, enum aa_factor f,
    const char *cred)
{
	unsigned mask = 0;
	json_t *ids;
	size_t i;
	json_t *v;
	int ok = 0, found = 0;

	if (cred != NULL) {
		if ((ids = b_credentials(c, sb)) == NULL)
			return -1;
		json_array_foreach(ids, i, v)
			found |= json_is_string(v) &&
			    strcmp(json_string_value(v), cred) == 0;
		json_decref(ids);
		return found;
	}
	if (aa_profile_step(c->a->profile, "factor_list") == NULL ||
	    aa_auth_factor_list(c, sb, NULL, &mask, NULL, &ok) != AA_OK || !ok)
		return -1;
	return (mask & (1u << f)) != 0;
}

static void
restore_b(struct aa_auth_ck *c, struct aa_session *sb, enum aa_factor f)
{
	const struct aa_factor_impl *fi = aa_audit_factor(c->a, f);
	char why[256] = "";

	if (fi == NULL || fi->enroll == NULL ||
	    fi->enroll(c->a, 1, sb, why, sizeof(why)) != AA_OK) {
		c->a->base[1].usable &= ~(1u << f);
		aa_auth_ck_set(c, "restore_failed", json_string(why));
	} else
		aa_auth_ck_set(c, "restored_b", json_true());
}

/* A's removal of B's factor f; *removed when B lost it. */
static int
disable_probe(struct aa_auth_ck *c, struct aa_session *sa,
    struct aa_session *sb, enum aa_factor f, const struct ids *id,
    int *removed, int *tried)
{
	json_t *extra = json_object(), *creds = NULL;
	const char *cred = NULL;
	char why[256] = "";
	int r = AA_OK, ok = 0, before, after;

	*removed = 0;
	if (extra == NULL)
		return AA_ERR_NOMEM;
	if (id->have)
		json_object_set_new(extra, "user_id", json_string(id->b));
	if (f == AA_FACTOR_WEBAUTHN && (creds = b_credentials(c, sb)) != NULL &&
	    (cred = json_string_value(json_array_get(creds, 0))) != NULL)
		json_object_set_new(extra, "credential_id", json_string(cred));
	else if (!id->have)
		goto out; /* nothing names B in the request */
	if ((before = b_has(c, sb, f, cred)) != 1)
		goto out; /* B must have it first (control) */
	*tried = 1;
	r = aa_audit_disable(c->a, sa, f, extra, 1, &ok, c->trail, why,
	    sizeof(why));
	if (r == AA_ERR_PROFILE) {
		/* A's own "before" steps could not see B's factor ids (the
		 * list is B's): name them as B's own list does, and ask. */
		if ((r = aa_audit_disable_ids(c->a, sb, f, extra, sa, extra)) ==
		    AA_OK)
			r = aa_audit_disable(c->a, sa, f, extra, 1, &ok, c->trail,
			    why, sizeof(why));
	}
	if (r != AA_OK) {
		snprintf(c->why, sizeof(c->why), "removing B's %s from A's "
		    "session: %s", aa_factor_name(f), why);
		goto out;
	}
	after = b_has(c, sb, f, cred);
	if (after == 0) {
		*removed = 1;
		aa_auth_ck_set(c, "factor", json_string(aa_factor_name(f)));
		restore_b(c, sb, f);
	}
out:
	json_decref(creds);
	json_decref(extra);
	return r;
}

static void
ids_of(struct aa_auth_ck *c, struct aa_session *sa, struct aa_session *sb,
    struct ids *id)
{
	id->a_user = c->a->profile->accounts[0].username;
	id->b_user = c->a->profile->accounts[1].username;
	id->have = aa_auth_var_str(sb, "user_id", id->b, sizeof(id->b)) &&
	    aa_auth_var_str(sa, "user_id", id->a, sizeof(id->a));
}

void
aa_auth_check_factor_idor(struct aa_audit *a, const struct aa_check_def *d)
{
	static const enum aa_factor order[] = { AA_FACTOR_RECOVERY_CODES,
		AA_FACTOR_WEBAUTHN, AA_FACTOR_TOTP, AA_FACTOR_SMS };
	struct aa_auth_ck c;
	struct aa_session *sa = NULL, *sb = NULL;
	struct ids id;
	char why[256];
	int r, leak = 0, control = 0, removed = 0, tried = 0, generic;

	memset(&id, 0, sizeof(id));
	if ((r = aa_auth_ck_init(&c, a, d->cid)) != AA_OK)
		goto out;
	if (aa_auth_no_factor_api(a, why, sizeof(why))) {
		aa_auth_ck_report(&c, AA_NOT_APPLICABLE, "%s", why);
		goto out;
	}
	if ((r = aa_auth_full(&c, 1, &sb)) != AA_OK ||
	    (r = aa_auth_full(&c, 0, &sa)) != AA_OK)
		goto out;
	ids_of(&c, sa, sb, &id);
	if (id.have && aa_profile_step(a->profile, "factor_list") != NULL &&
	    aa_audit_step_uses(a, "factor_list", "user_id")) {
		if ((r = list_probe(&c, sa, &id, &leak, &control)) != AA_OK)
			goto out;
		tried = 1;
		if (leak) {
			aa_auth_ck_report(&c, AA_FAIL, "account A's session "
			    "listed account B's factors (`factor_list` with B's "
			    "user_id)");
			goto out;
		}
	}
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]) && !removed;
	    i++) {
		if ((a->base[1].usable & (1u << order[i])) == 0 ||
		    aa_audit_disable_step(a, order[i], &generic) == NULL)
			continue;
		if ((r = disable_probe(&c, sa, sb, order[i], &id, &removed,
		    &tried)) != AA_OK)
			goto out;
	}
	if (removed)
		aa_auth_ck_report(&c, AA_FAIL, "account A's session removed a "
		    "factor of account B");
	else if (!tried)
		aa_auth_ck_report(&c, AA_NOT_TESTED, "no request of the profile "
		    "addresses another user's factors (no ${user_id} in "
		    "`factor_list` or a removal step, no `webauthn_list` with "
		    "credential ids); declare \"factor_api\": \"session\" if "
		    "the service has none");
	else
		aa_auth_ck_report(&c, AA_PASS, "account A's session could "
		    "neither list nor remove account B's factors, which B "
		    "still had afterwards");
out:
	aa_session_free(&sa);
	aa_session_free(&sb);
	aa_auth_ck_done(&c, r);
}
