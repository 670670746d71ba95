/*
 * One target end to end: look its domain up in the directories, read the
 * probe answers, merge the inventory, and record the six results. Shared
 * by `auth-audit factors` and the batch driver so both say the same.
 */
#include <stdio.h>
#include <string.h>

#include "auth-audit/factors/factors.h"

/* A directory's entry for the target, or why there is none. */
static void
dirent_write(struct aa_jw *w, const char *which,
    const struct aa_factors_dir *d, const char *domain)
{
	struct aa_factors_dirent e;

	aa_jw_obj_open(w, NULL);
	aa_jw_str(w, "source", which);
	if (domain == NULL)
		aa_jw_str(w, "status", "not looked up (no public domain)");
	else if (d == NULL)
		aa_jw_str(w, "status", "no data loaded");
	else if (aa_factors_dir_lookup(d, domain, &e) != AA_OK) {
		aa_jw_str(w, "status", "not listed");
		aa_jw_str(w, "domain", domain);
	} else {
		aa_jw_str(w, "status", "listed");
		aa_jw_str(w, "key", e.key);
		aa_jw_bool(w, "via_parent_domain", e.via_parent);
		if (e.unknown[0] != '\0')
			aa_jw_str(w, "unknown_methods", e.unknown);
		if (e.documentation[0] != '\0')
			aa_jw_str(w, "documentation", e.documentation);
		if (e.notes[0] != '\0')
			aa_jw_str(w, "notes", e.notes);
	}
	aa_jw_obj_close(w);
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

void
aa_factors_json_write(const struct aa_factors_input *in,
    const struct aa_report *rep, const struct aa_factors_inv *inv,
    struct aa_jw *w)
{
	aa_jw_str(w, "target", in->target);
	aa_jw_str(w, "domain", in->domain);
	aa_jw_obj_open(w, "factors");
	for (int f = 0; f < AA_FACTOR_COUNT; f++) {
		const char *name = aa_factor_name((enum aa_factor)f);

		if (inv->value[f] < 0)
			aa_jw_null(w, name);
		else
			aa_jw_bool(w, name, inv->value[f]);
	}
	aa_jw_obj_close(w);
	aa_jw_value(w, "factor_sources", inv->sources);
	aa_jw_arr_open(w, "results");
	for (size_t i = 0; i < rep->nresults; i++) {
		const struct aa_result *x = &rep->results[i];

		/* No per-result evidence: it repeats factor_sources and probes. */
		aa_jw_obj_open(w, NULL);
		aa_jw_str(w, "id", x->def->id);
		aa_jw_str(w, "status", aa_status_name(x->status));
		aa_jw_str(w, "severity", aa_sev_name(x->def->severity));
		aa_jw_str(w, "summary", x->summary ? x->summary : "");
		aa_jw_obj_close(w);
	}
	aa_jw_arr_close(w);
	aa_jw_arr_open(w, "directories");
	dirent_write(w, "2fa.directory", in->tfa, in->domain);
	dirent_write(w, "passkeys directory", in->passkeys, in->domain);
	aa_jw_arr_close(w);
	if (in->probe != NULL)
		aa_factors_probe_write(in->probe, w, "probes");
	if (in->domain && (in->tfa || in->passkeys)) {
		aa_jw_arr_open(w, "attribution");
		if (in->tfa)
			aa_jw_str(w, NULL, AA_FACTORS_ATTRIBUTION);
		if (in->passkeys)
			aa_jw_str(w, NULL, AA_FACTORS_PK_ATTRIBUTION);
		aa_jw_arr_close(w);
	}
}

json_t *
aa_factors_json(const struct aa_factors_input *in,
    const struct aa_report *rep, const struct aa_factors_inv *inv)
{
	struct aa_buf b;
	struct aa_jw w;
	json_t *o = NULL;

	aa_buf_init(&b, AA_FACTORS_LINE_MAX);
	aa_jw_init(&w, &b);
	aa_jw_obj_open(&w, NULL);
	aa_factors_json_write(in, rep, inv, &w);
	aa_jw_obj_close(&w);
	if (aa_jw_end(&w) == AA_OK)
		o = json_loadb(b.ptr, b.len, JSON_ALLOW_NUL, NULL);
	aa_buf_release(&b);
	return o;
}
