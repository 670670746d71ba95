/*
 * The report model: results keyed by check ID, the factor inventory, and
 * run metadata. Renderers and the rating only read it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "auth-audit/report/report.h"

/* A summary is one line for a terminal; longer text belongs in evidence. */
#define SUMMARY_MAX 1024

static const char *const factor_names[AA_FACTOR_COUNT] = {
	[AA_FACTOR_SMS] = "sms",
	[AA_FACTOR_CALL] = "call",
	[AA_FACTOR_EMAIL] = "email",
	[AA_FACTOR_TOTP] = "totp",
	[AA_FACTOR_WEBAUTHN] = "webauthn",
	[AA_FACTOR_PASSKEY] = "passkey",
	[AA_FACTOR_PUSH] = "push",
	[AA_FACTOR_RECOVERY_CODES] = "recovery_codes",
};

const char *
aa_factor_name(enum aa_factor f)
{
	if ((unsigned)f >= AA_FACTOR_COUNT)
		return "unknown";
	return factor_names[f];
}

json_t *
aa_factor_json(unsigned mask)
{
	json_t *arr = json_array();

	for (int f = 0; f < AA_FACTOR_COUNT; f++)
		if (mask & (1u << f))
			json_array_append_new(arr, json_string(factor_names[f]));
	return arr;
}

int
aa_report_new(const char *kind, struct aa_report **out)
{
	int r = AA_ERR_NOMEM;
	struct aa_report *rep;

	if (out == NULL)
		return AA_ERR_ARG;
	*out = NULL;
	rep = calloc(1, sizeof(*rep));
	if (rep == NULL)
		goto out;
	rep->kind = strdup(kind != NULL ? kind : "audit");
	rep->factor_sources = json_object();
	if (rep->kind == NULL || rep->factor_sources == NULL)
		goto out;
	for (int i = 0; i < AA_FACTOR_COUNT; i++)
		rep->factors[i] = -1;
	rep->started_at = time(NULL);
	*out = rep;
	rep = NULL;
	r = AA_OK;
out:
	aa_report_free(&rep);
	return r;
}

void
aa_report_free(struct aa_report **rp)
{
	struct aa_report *rep;

	if (rp == NULL || *rp == NULL)
		return;
	rep = *rp;
	for (size_t i = 0; i < rep->nresults; i++) {
		free(rep->results[i].summary);
		json_decref(rep->results[i].evidence);
	}
	free(rep->results);
	json_decref(rep->waits);
	free(rep->kind);
	free(rep->target_name);
	free(rep->base_url);
	free(rep->artifact);
	json_decref(rep->artifact_lines);
	json_decref(rep->factor_sources);
	json_decref(rep->baseline);
	free(rep);
	*rp = NULL;
}

/* Higher is worse; the order report.h documents for replacement. */
static int
status_rank(enum aa_status st)
{
	switch (st) {
	case AA_FAIL:
		return 4;
	case AA_ERROR:
		return 3;
	case AA_PASS:
		return 2;
	case AA_NOT_TESTED:
		return 1;
	case AA_NOT_APPLICABLE:
		return 0;
	}
	return -1;
}

static char *make_summary(const char *fmt, va_list ap)
    __attribute__((format(printf, 1, 0)));

/* Format the summary and flatten it to one printable line. */
static char *
make_summary(const char *fmt, va_list ap)
{
	char *s;
	int n;

	s = malloc(SUMMARY_MAX);
	if (s == NULL)
		return NULL;
	s[0] = '\0';
	if (fmt != NULL) {
		n = vsnprintf(s, SUMMARY_MAX, fmt, ap);
		if (n < 0)
			s[0] = '\0';
	}
	for (char *p = s; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	return s;
}

int
aa_report_add(struct aa_report *rep, enum aa_check_id id, enum aa_status st,
    json_t *evidence, const char *fmt, ...)
{
	int r = AA_ERR_ARG;
	const struct aa_check_def *def;
	struct aa_result *res = NULL;
	char *summary = NULL;
	va_list ap;

	def = aa_check_def(id);
	if (rep == NULL || def == NULL || status_rank(st) < 0)
		goto out;
	for (size_t i = 0; i < rep->nresults; i++)
		if (rep->results[i].def == def)
			res = &rep->results[i];
	if (res != NULL && status_rank(st) < status_rank(res->status)) {
		r = AA_OK; /* an earlier, worse result stands */
		goto out;
	}
	r = AA_ERR_NOMEM;
	va_start(ap, fmt);
	summary = make_summary(fmt, ap);
	va_end(ap);
	if (summary == NULL)
		goto out;
	if (res == NULL) {
		if (rep->nresults == rep->capresults) {
			size_t ncap = rep->capresults ? rep->capresults * 2 : 64;
			struct aa_result *n;

			n = realloc(rep->results, ncap * sizeof(*n));
			if (n == NULL)
				goto out;
			rep->results = n;
			rep->capresults = ncap;
		}
		res = &rep->results[rep->nresults++];
		memset(res, 0, sizeof(*res));
		res->def = def;
	}
	free(res->summary);
	json_decref(res->evidence);
	res->status = st;
	res->summary = summary;
	res->evidence = evidence;
	summary = NULL;
	evidence = NULL;
	r = AA_OK;
out:
	free(summary);
	json_decref(evidence);
	return r;
}

const struct aa_result *
aa_report_find(const struct aa_report *rep, enum aa_check_id id)
{
	if (rep == NULL)
		return NULL;
	for (size_t i = 0; i < rep->nresults; i++)
		if (rep->results[i].def->cid == id)
			return &rep->results[i];
	return NULL;
}

/*
 * The latest call decides the state (callers record directory data before
 * live probes, which outrank it); every distinct source is kept.
 */
void
aa_report_factor(struct aa_report *rep, enum aa_factor f, int offered,
    const char *source)
{
	json_t *arr, *v;
	size_t i;

	if (rep == NULL || (unsigned)f >= AA_FACTOR_COUNT)
		return;
	rep->factors[f] = offered ? 1 : 0;
	if (source == NULL || rep->factor_sources == NULL)
		return;
	arr = json_object_get(rep->factor_sources, factor_names[f]);
	if (arr == NULL) {
		arr = json_array();
		if (arr == NULL ||
		    json_object_set_new(rep->factor_sources, factor_names[f],
		    arr) != 0)
			return;
	}
	json_array_foreach(arr, i, v)
		if (strcmp(json_string_value(v) ? json_string_value(v) : "",
		    source) == 0)
			return;
	json_array_append_new(arr, json_string(source));
}
