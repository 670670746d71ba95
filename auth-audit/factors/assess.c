/*
 * One target end to end: look its domain up in the directories, read the
 * probe answers, merge the inventory, and record the six results. Shared
 * by `auth-audit factors` and the batch driver so both say the same.
 */
#include <stdio.h>
#include <string.h>

#include "auth-audit/factors/factors.h"

static json_t *
dirent_json(const char *which, const struct aa_factors_dir *d,
    const struct aa_factors_dirent *e, int found, const char *domain)
{
	json_t *o;

	if (d == NULL)
		return json_pack("{s:s, s:s}", "source", which, "status",
		    domain ? "no data loaded" : "not looked up (no public "
		    "domain)");
	if (!found)
		return json_pack("{s:s, s:s, s:s}", "source", which, "status",
		    "not listed", "domain", domain);
	o = json_pack("{s:s, s:s, s:s, s:b}", "source", which, "status",
	    "listed", "key", e->key, "via_parent_domain", e->via_parent);
	if (o == NULL)
		return NULL;
	if (e->unknown[0] != '\0')
		json_object_set_new(o, "unknown_methods",
		    json_string(e->unknown));
	if (e->documentation[0] != '\0')
		json_object_set_new(o, "documentation",
		    json_string(e->documentation));
	if (e->notes[0] != '\0')
		json_object_set_new(o, "notes", json_string(e->notes));
	return o;
}

int
aa_factors_assess(const struct aa_factors_input *in,
    struct aa_report *rep, struct aa_factors_inv *inv)
{
	struct aa_factors_dirent tfa, pk;
	struct aa_factors_wk w;
	int have_tfa = 0, have_pk = 0, r;

	memset(&w, 0, sizeof(w));
	if (in->domain != NULL && in->tfa != NULL)
		have_tfa = aa_factors_dir_lookup(in->tfa, in->domain, &tfa) ==
		    AA_OK;
	if (in->domain != NULL && in->passkeys != NULL)
		have_pk = aa_factors_dir_lookup(in->passkeys, in->domain, &pk) ==
		    AA_OK;
	if (in->domain != NULL &&
	    (r = aa_factors_inv_from_dir(inv, have_tfa ? &tfa : NULL,
	    in->tfa != NULL, have_pk ? &pk : NULL, in->passkeys != NULL)) !=
	    AA_OK)
		return r;
	if (in->probe != NULL) {
		aa_factors_probe_result(in->probe, in->now, &w);
		if ((r = aa_factors_inv_from_wk(inv, &w)) != AA_OK)
			return r;
	}
	aa_factors_inv_to_report(inv, rep);
	if ((r = aa_factors_eval_inventory(inv, rep, NULL, NULL)) != AA_OK)
		return r;
	return aa_factors_eval_discovery(in->probe, in->probe ? &w : NULL,
	    in->no_probe_why, rep, NULL, NULL);
}

json_t *
aa_factors_json(const struct aa_factors_input *in,
    const struct aa_report *rep, const struct aa_factors_inv *inv)
{
	struct aa_factors_dirent e;
	json_t *o, *fs, *res, *dirs;
	int found;

	o = json_pack("{s:s, s:s?}", "target", in->target, "domain",
	    in->domain);
	fs = json_object();
	res = json_array();
	dirs = json_array();
	if (o == NULL || fs == NULL || res == NULL || dirs == NULL) {
		json_decref(o);
		json_decref(fs);
		json_decref(res);
		json_decref(dirs);
		return NULL;
	}
	for (int f = 0; f < AA_FACTOR_COUNT; f++)
		json_object_set_new(fs, aa_factor_name((enum aa_factor)f),
		    inv->value[f] < 0 ? json_null() : json_boolean(inv->value[f]));
	json_object_set_new(o, "factors", fs);
	json_object_set(o, "factor_sources", inv->sources);
	for (size_t i = 0; i < rep->nresults; i++) {
		const struct aa_result *x = &rep->results[i];

		/* No per-result evidence: it repeats factor_sources and probes. */
		json_array_append_new(res, json_pack("{s:s, s:s, s:s, s:s}",
		    "id", x->def->id, "status", aa_status_name(x->status),
		    "severity", aa_sev_name(x->def->severity),
		    "summary", x->summary ? x->summary : ""));
	}
	json_object_set_new(o, "results", res);
	found = in->domain && in->tfa &&
	    aa_factors_dir_lookup(in->tfa, in->domain, &e) == AA_OK;
	json_array_append_new(dirs, dirent_json("2fa.directory", in->tfa, &e,
	    found, in->domain));
	found = in->domain && in->passkeys &&
	    aa_factors_dir_lookup(in->passkeys, in->domain, &e) == AA_OK;
	json_array_append_new(dirs, dirent_json("passkeys directory",
	    in->passkeys, &e, found, in->domain));
	json_object_set_new(o, "directories", dirs);
	if (in->probe != NULL)
		json_object_set_new(o, "probes",
		    aa_factors_probe_evidence(in->probe));
	if (in->domain && (in->tfa || in->passkeys)) {
		json_t *att = json_array();

		if (in->tfa)
			json_array_append_new(att,
			    json_string(AA_FACTORS_ATTRIBUTION));
		if (in->passkeys)
			json_array_append_new(att,
			    json_string(AA_FACTORS_PK_ATTRIBUTION));
		json_object_set_new(o, "attribution", att);
	}
	return o;
}
