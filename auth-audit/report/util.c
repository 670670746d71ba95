/*
 * Ordering, naming and counting helpers shared by the renderers, so every
 * format lists the same results in the same order.
 */
#include <stdlib.h>
#include <string.h>

#include "auth-audit/report/format.h"

/* Position of a definition in the catalog. */
static size_t
check_index(const struct aa_check_def *d)
{
	/* Every definition points into the one catalog array. */
	return (size_t)(d - aa_check_at(0));
}

struct order_ctx {
	const struct aa_report *rep;
	int failed_first;
};

/* qsort has no context argument; renderers run on one thread at a time. */
static _Thread_local struct order_ctx octx;

static int
cmp_result(const void *a, const void *b)
{
	const struct aa_result *ra = &octx.rep->results[*(const size_t *)a];
	const struct aa_result *rb = &octx.rep->results[*(const size_t *)b];
	size_t ia, ib;

	if (octx.failed_first) {
		int fa = ra->status == AA_FAIL, fb = rb->status == AA_FAIL;

		if (fa != fb)
			return fb - fa;
		if (fa && ra->def->severity != rb->def->severity)
			return (int)rb->def->severity - (int)ra->def->severity;
	}
	ia = check_index(ra->def);
	ib = check_index(rb->def);
	return ia < ib ? -1 : ia > ib;
}

size_t *
aa_report_order(const struct aa_report *rep, int failed_first)
{
	size_t *idx;

	if (rep == NULL || rep->nresults == 0)
		return NULL;
	idx = malloc(rep->nresults * sizeof(*idx));
	if (idx == NULL)
		return NULL;
	for (size_t i = 0; i < rep->nresults; i++)
		idx[i] = i;
	octx.rep = rep;
	octx.failed_first = failed_first;
	qsort(idx, rep->nresults, sizeof(*idx), cmp_result);
	return idx;
}

const char *
aa_report_owasp2016(unsigned owasp)
{
	switch (owasp & (AA_OWASP_M4 | AA_OWASP_M6)) {
	case AA_OWASP_M4:
		return "M4";
	case AA_OWASP_M6:
		return "M6";
	case AA_OWASP_M4 | AA_OWASP_M6:
		return "M4,M6";
	}
	return NULL;
}

void
aa_report_time_iso(time_t t, char *out, size_t outlen)
{
	struct tm tm;

	if (outlen == 0)
		return;
	out[0] = '\0';
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(out, outlen, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		out[0] = '\0';
}

void
aa_report_count(const struct aa_report *rep, size_t counts[5])
{
	memset(counts, 0, 5 * sizeof(counts[0]));
	for (size_t i = 0; i < rep->nresults; i++)
		if ((unsigned)rep->results[i].status < 5)
			counts[rep->results[i].status]++;
}

size_t
aa_report_factor_rows(const struct aa_report *rep,
    struct aa_report_factor_row rows[AA_FACTOR_COUNT])
{
	size_t n = 0;

	for (int f = 0; f < AA_FACTOR_COUNT; f++) {
		const char *name = aa_factor_name((enum aa_factor)f);

		if (rep->factors[f] == -1)
			continue;
		rows[n].name = name;
		rows[n].offered = rep->factors[f];
		rows[n].sources = rep->factor_sources ?
		    json_object_get(rep->factor_sources, name) : NULL;
		n++;
	}
	return n;
}

void
aa_report_strings_put(FILE *fp, const json_t *arr,
    void (*put)(FILE *, const char *))
{
	const json_t *v;
	size_t i;

	json_array_foreach(arr, i, v) {
		if (i)
			fputs(", ", fp);
		put(fp, json_string_value(v));
	}
}

char *
aa_report_evidence_dump(const struct aa_result *r)
{
	if (r->evidence == NULL || json_object_size(r->evidence) == 0)
		return NULL;
	return json_dumps(r->evidence, AA_REPORT_JSON_FLAGS);
}

const char *
aa_report_sev_score(enum aa_sev sev)
{
	/* GitHub bands: >= 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium. */
	switch (sev) {
	case AA_SEV_CRITICAL:
		return "9.5";
	case AA_SEV_HIGH:
		return "8.0";
	case AA_SEV_MEDIUM:
		return "5.5";
	case AA_SEV_LOW:
		return "3.0";
	case AA_SEV_INFO:
		return "0.0";
	}
	return "0.0";
}

const struct aa_report *
aa_report_rated(const struct aa_report *rep, struct aa_report *tmp)
{
	if (rep->rating.grade[0] != '\0')
		return rep;
	*tmp = *rep;
	aa_rating_compute(tmp);
	return tmp;
}
