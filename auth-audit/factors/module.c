/*
 * The factors module of an audit.
 *
 * DISCOVERY-* (passive phase): probe the target's own well-known
 * endpoints through a private session of the audit, so the audit's
 * loopback guard, request budget and rate limit apply.
 * FACTOR-* (inventory phase, after every other check): build the factor
 * inventory from the profile (its steps and an optional "factors"
 * section), from what other modules recorded in the report, from the
 * probes, and, when the target has a public domain, from the directories
 * (local files named in the profile or the user cache; an audit never
 * downloads). Evaluating last is what lets the inventory include the
 * other modules' findings.
 * The profile's "offered" declaration outranks everything: steps say what
 * the auditor can drive (a staging SMS step may exist only for phone
 * verification), the declaration says what users are offered.
 *
 * Profile extension (docs/FACTORS.md):
 *   "factors": {"domain": "example.com", "directory": FILE,
 *               "passkeys": FILE, "offered": {"sms": true, "push": false}}
 */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth-audit/audit/audit.h"
#include "auth-audit/factors/factors.h"

struct fstate {
	struct aa_factors_probe *probe;
	const char *why;        /* no probe: the reason */
	int probed, disc_done, inv_done;
};

extern const struct aa_module aa_factors_module;

static void
fstate_free(void *p)
{
	struct fstate *st = p;

	if (st == NULL)
		return;
	aa_factors_probe_free(&st->probe);
	free(st);
}

static int
selected(void *ctx, enum aa_check_id id)
{
	return aa_audit_selected(ctx, id);
}

/* One probe GET through the audit's HTTP layer, fed to the plan. */
static int
probe_one(struct aa_audit *a, struct aa_session *s,
    struct aa_factors_probe *p, const char *url)
{
	struct aa_step_result res;
	json_t *step;
	const char *ct, *loc;
	int r;

	if (aa_http_url_allowed(a->http, url) != AA_OK)
		return aa_factors_probe_feed(p, AA_ERR_DENIED, 0, NULL, NULL,
		    NULL);
	if ((step = json_pack("{s:s, s:s}", "method", "GET", "url", url)) ==
	    NULL)
		return AA_ERR_NOMEM;
	r = aa_flow_run(s, "factors-probe", step, NULL, &res);
	json_decref(step);
	if (r == AA_ERR_BUDGET) {
		aa_step_result_release(&res);
		return r;
	}
	ct = json_string_value(json_object_get(res.resp.headers,
	    "content-type"));
	loc = json_string_value(json_object_get(res.resp.headers, "location"));
	r = aa_factors_probe_feed(p, r == AA_OK ? AA_OK : r, res.resp.status,
	    ct, loc, &res.resp.body);
	aa_step_result_release(&res);
	return r;
}

/* The well-known probes, once per audit. */
static void
probe_once(struct aa_audit *a, struct fstate *st)
{
	struct aa_session *s = NULL;
	const char *url;
	int r = AA_OK;

	if (st->probed)
		return;
	st->probed = 1;
	if (aa_http_url_allowed(a->http, a->profile->base_url) != AA_OK)
		st->why = "the target is not on loopback and not authorized "
		    "(--authorized-target): no probes";
	else if (a->profile->naccounts == 0 ||
	    aa_session_new(a->http, a->profile, 0, &s) != AA_OK ||
	    aa_factors_probe_new(a->profile->base_url, &st->probe) != AA_OK)
		st->why = "could not set up the probes";
	while (st->probe != NULL &&
	    (url = aa_factors_probe_next(st->probe)) != NULL)
		if ((r = probe_one(a, s, st->probe, url)) != AA_OK)
			break;
	if (r == AA_ERR_BUDGET) {
		st->why = "the request budget of the profile is spent";
		aa_factors_probe_free(&st->probe);
	}
	aa_session_free(&s);
}

static struct fstate *
fstate(struct aa_audit *a)
{
	return aa_audit_state(a, &aa_factors_module, sizeof(struct fstate));
}

/* DISCOVERY-*: one evaluation of the probes reports every one selected. */
void
aa_factors_check_discovery(struct aa_audit *a, const struct aa_check_def *d)
{
	struct fstate *st = fstate(a);
	struct aa_factors_wk w;

	(void)d;
	if (st == NULL || st->disc_done)
		return;
	st->disc_done = 1;
	probe_once(a, st);
	if (st->probe != NULL)
		aa_factors_probe_result(st->probe, time(NULL), &w);
	(void)aa_factors_eval_discovery(st->probe, st->probe ? &w : NULL,
	    st->why, a->report, selected, a);
}

/* Facts the profile states: its steps, and the optional declaration. */
static void
from_profile(const struct aa_profile *p, struct aa_factors_inv *inv)
{
	static const struct {
		const char *prefix;
		enum aa_factor f;
	} map[] = {
		{ "totp_", AA_FACTOR_TOTP }, { "sms_", AA_FACTOR_SMS },
		{ "webauthn_", AA_FACTOR_WEBAUTHN }, { "webauthn/", AA_FACTOR_WEBAUTHN },
		{ "recovery_", AA_FACTOR_RECOVERY_CODES },
	};
	const json_t *offered, *v;
	const char *name;

	json_object_foreach(p->steps, name, v) {
		for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
			if (strncmp(name, map[i].prefix,
			    strlen(map[i].prefix)) == 0) {
				aa_factors_inv_add(inv, map[i].f, 1,
				    AA_FACTORS_RANK_LIVE, "profile step %s", name);
				break;
			}
	}
	if (p->webauthn_api != NULL)
		aa_factors_inv_add(inv, AA_FACTOR_WEBAUTHN, 1,
		    AA_FACTORS_RANK_LIVE, "profile webauthn api %s",
		    p->webauthn_api);
	offered = json_object_get(json_object_get(p->root, "factors"),
	    "offered");
	json_object_foreach((json_t *)offered, name, v) {
		for (int f = 0; f < AA_FACTOR_COUNT; f++)
			if (json_is_boolean(v) &&
			    strcmp(name, aa_factor_name((enum aa_factor)f)) == 0)
				aa_factors_inv_add(inv, (enum aa_factor)f,
				    json_is_true(v), AA_FACTORS_RANK_DECLARED,
				    "profile declares %s %s", name,
				    json_is_true(v) ? "offered" : "not offered");
	}
}

/* What other modules recorded: their factor facts and FIDO-NOT-OFFERED. */
static void
from_report(const struct aa_report *rep, struct aa_factors_inv *inv)
{
	const struct aa_result *fido = aa_report_find(rep, AA_CK_FIDO_NOT_OFFERED);

	for (int f = 0; f < AA_FACTOR_COUNT; f++) {
		const json_t *arr = json_object_get(rep->factor_sources,
		    aa_factor_name((enum aa_factor)f)), *s;
		size_t i;

		if (rep->factors[f] < 0)
			continue;
		json_array_foreach(arr, i, s)
			aa_factors_inv_add(inv, (enum aa_factor)f,
			    rep->factors[f], AA_FACTORS_RANK_LIVE, "%s",
			    json_string_value(s));
		if (json_array_size(arr) == 0)
			aa_factors_inv_add(inv, (enum aa_factor)f,
			    rep->factors[f], AA_FACTORS_RANK_LIVE, "audit");
	}
	if (fido != NULL && (fido->status == AA_PASS || fido->status == AA_FAIL))
		aa_factors_inv_add(inv, AA_FACTOR_WEBAUTHN,
		    fido->status == AA_PASS, AA_FACTORS_RANK_LIVE,
		    "audit %s %s", aa_check_name(AA_CK_FIDO_NOT_OFFERED),
		    aa_status_name(fido->status));
}

/* A file named in the profile, relative to the profile's directory. */
static int
load_named(const struct aa_profile *p, const char *file,
    enum aa_factors_dir_kind kind, struct aa_factors_dir **out)
{
	char path[2048], *copy = NULL;
	int r;

	if (file[0] == '/' || p->file == NULL)
		snprintf(path, sizeof(path), "%s", file);
	else {
		if ((copy = strdup(p->file)) == NULL)
			return AA_ERR_NOMEM;
		snprintf(path, sizeof(path), "%s/%s", dirname(copy), file);
	}
	r = aa_factors_dir_load(path, kind, out, NULL);
	free(copy);
	return r;
}

/* Directory data for an audit: profile files, else a cache copy. */
static void
load_dir(const struct aa_profile *p, const char *member, const char *cache,
    enum aa_factors_dir_kind kind, struct aa_factors_dir **out)
{
	const char *file = json_string_value(json_object_get(
	    json_object_get(p->root, "factors"), member));
	struct aa_factors_cache_info ci;
	char dir[1024];

	*out = NULL;
	if (file != NULL) {
		load_named(p, file, kind, out);
		return;
	}
	if (aa_factors_cache_dir(dir, sizeof(dir)) == AA_OK &&
	    aa_factors_cache_read(dir, cache, time(NULL), &ci, NULL) == AA_OK)
		aa_factors_dir_load(ci.data_path, kind, out, NULL);
}

static int
run_inventory(struct aa_audit *a, struct fstate *st)
{
	const struct aa_profile *p = a->profile;
	struct aa_factors_dir *tfa = NULL, *pk = NULL;
	struct aa_factors_inv inv;
	char origin[600], host[256], domain[AA_FACTORS_DOMAIN_MAX + 1];
	const char *d;
	int have_domain = 0, r;

	if ((r = aa_factors_inv_init(&inv)) != AA_OK)
		return r;
	from_profile(p, &inv);
	from_report(a->report, &inv);
	d = json_string_value(json_object_get(json_object_get(p->root,
	    "factors"), "domain"));
	if (d == NULL && aa_factors_origin(p->base_url, origin, sizeof(origin),
	    host, sizeof(host)) == AA_OK && !aa_factors_host_is_local(host))
		d = host;
	/* A loopback target has no public domain: no directory lookup. */
	if (d != NULL)
		have_domain = aa_factors_domain_norm(d, domain,
		    sizeof(domain)) == AA_OK;
	if (have_domain) {
		struct aa_factors_dirent te, pe;
		int ht, hp;

		load_dir(p, "directory", "2fa-all.json", AA_FACTORS_DIR_TFA, &tfa);
		load_dir(p, "passkeys", "passkeys-all.json",
		    AA_FACTORS_DIR_PASSKEYS, &pk);
		ht = tfa && aa_factors_dir_lookup(tfa, domain, &te) == AA_OK;
		hp = pk && aa_factors_dir_lookup(pk, domain, &pe) == AA_OK;
		aa_factors_inv_from_dir(&inv, ht ? &te : NULL, tfa != NULL,
		    hp ? &pe : NULL, pk != NULL);
	}
	if (st->probe != NULL) {
		struct aa_factors_wk w;

		aa_factors_probe_result(st->probe, time(NULL), &w);
		aa_factors_inv_from_wk(&inv, &w);
	}
	aa_factors_inv_to_report(&inv, a->report);
	r = aa_factors_eval_inventory(&inv, a->report, selected, a);
	aa_factors_dir_free(&tfa);
	aa_factors_dir_free(&pk);
	aa_factors_inv_release(&inv);
	return r;
}

/* FACTOR-*: the inventory after every other check, so it includes what
 * they found; one evaluation reports every one selected. */
void
aa_factors_check_inventory(struct aa_audit *a, const struct aa_check_def *d)
{
	struct fstate *st = fstate(a);

	(void)d;
	if (st == NULL || st->inv_done)
		return;
	st->inv_done = 1;
	probe_once(a, st);
	(void)run_inventory(a, st);
}

#undef AA_IMPL_factors
#define AA_IMPL_factors(e, fn) { AA_CK_##e, fn },
static const struct aa_check_impl checks[] = {
#define AA_CHECK AA_MODULE_ROW
#include "auth-audit/catalog/checks.def"
#undef AA_CHECK
};

const struct aa_module aa_factors_module = {
	.name = "factors",
	.checks = checks,
	.nchecks = sizeof(checks) / sizeof(checks[0]),
	.state_free = fstate_free,
};
