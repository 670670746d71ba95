/*
 * The pieces of the executive summary every report for people shows the
 * same way (html.c, md.c): the grade as a person reads it, the caps in one
 * sentence, findings by severity and module, the baseline per account.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "auth-audit/report/format.h"

const char *
aa_report_grade_label(const struct aa_report *rep)
{
	if (rep->no_grade || strcmp(rep->rating.grade, "none") == 0)
		return "No grade";
	return rep->rating.grade;
}

void
aa_report_sev_counts(const struct aa_report *rep,
    size_t counts[AA_REPORT_NSEV])
{
	memset(counts, 0, AA_REPORT_NSEV * sizeof(counts[0]));
	for (size_t i = 0; i < rep->nresults; i++)
		if (rep->results[i].status == AA_FAIL &&
		    (unsigned)rep->results[i].def->severity < AA_REPORT_NSEV)
			counts[rep->results[i].def->severity]++;
}

/* Append with snprintf semantics, never past len. */
static void
add(char *out, size_t len, size_t *n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
add(char *out, size_t len, size_t *n, const char *fmt, ...)
{
	va_list ap;
	int w;

	if (*n + 1 >= len)
		return;
	va_start(ap, fmt);
	w = vsnprintf(out + *n, len - *n, fmt, ap);
	va_end(ap);
	if (w > 0)
		*n += (size_t)w < len - *n ? (size_t)w : len - *n - 1;
}

void
aa_report_caps_sentence(const struct aa_report *rep, char *out, size_t len)
{
	const struct aa_rating *rt = &rep->rating;
	size_t n = 0;

	if (len == 0)
		return;
	out[0] = '\0';
	if (rep->no_grade || strcmp(rt->grade, "none") == 0) {
		add(out, len, &n, "No grade: the target never answered, so "
		    "nothing was measured.");
		return;
	}
	if (rt->ncaps == 0)
		add(out, len, &n, "No cap applies: the grade is the band of "
		    "the higher risk score");
	for (size_t i = 0; i < rt->ncaps; i++)
		add(out, len, &n, "%s%s %s by %s (%s)",
		    i == 0 ? "The grade is capped at" :
		    i + 1 == rt->ncaps ? " and at" : ", at", "",
		    rt->caps[i].grade, rt->caps[i].check, rt->caps[i].reason);
	if (strcmp(rt->grade, "Incomplete") == 0)
		add(out, len, &n, "; fewer than half of the applicable checks "
		    "ran, so the grade is Incomplete");
	add(out, len, &n, ".");
}

/* Module names in catalog order, each once. */
size_t
aa_report_modules(const struct aa_report *rep,
    const char *mods[AA_REPORT_MAXMOD])
{
	size_t n = 0, k;

	for (size_t i = 0; i < aa_check_count(); i++) {
		const char *m = aa_check_at(i)->module;
		int present = 0;

		for (size_t j = 0; j < rep->nresults && !present; j++)
			present = rep->results[j].def == aa_check_at(i);
		if (!present)
			continue;
		for (k = 0; k < n && strcmp(mods[k], m) != 0; k++)
			;
		if (k == n && n < AA_REPORT_MAXMOD)
			mods[n++] = m;
	}
	return n;
}

void
aa_report_module_counts(const struct aa_report *rep, const char *module,
    size_t counts[AA_REPORT_NSEV])
{
	memset(counts, 0, AA_REPORT_NSEV * sizeof(counts[0]));
	for (size_t i = 0; i < rep->nresults; i++) {
		const struct aa_result *r = &rep->results[i];

		if (r->status == AA_FAIL &&
		    strcmp(r->def->module, module) == 0 &&
		    (unsigned)r->def->severity < AA_REPORT_NSEV)
			counts[r->def->severity]++;
	}
}

/* "totp, sms" of a JSON array of strings into out; "none" if empty. */
void
aa_report_join(const json_t *arr, char *out, size_t len)
{
	const json_t *v;
	size_t i, n = 0;

	if (len == 0)
		return;
	out[0] = '\0';
	json_array_foreach(arr, i, v)
		if (json_is_string(v))
			add(out, len, &n, "%s%s", n ? ", " : "",
			    json_string_value(v));
	if (n == 0)
		add(out, len, &n, "none");
}

size_t
aa_report_baseline_rows(const struct aa_report *rep,
    struct aa_report_baseline_row *rows, size_t max)
{
	const json_t *accts = json_object_get(rep->baseline, "accounts"), *a;
	size_t i, n = 0;

	json_array_foreach(accts, i, a) {
		const json_t *req, *login = json_object_get(a, "login");

		if (n >= max || !json_is_object(a))
			break;
		req = json_object_get(a, "second_factor_required");
		rows[n].username = json_string_value(json_object_get(a,
		    "username"));
		rows[n].login = json_is_boolean(login) ? json_is_true(login) :
		    -1;
		rows[n].required = json_is_boolean(req) ? json_is_true(req) :
		    -1;
		aa_report_join(json_object_get(a, "enrolled_by_audit"),
		    rows[n].enrolled, sizeof(rows[n].enrolled));
		aa_report_join(json_object_get(a, "proved"), rows[n].proved,
		    sizeof(rows[n].proved));
		rows[n].removed = json_is_true(json_object_get(a,
		    "removed_at_end"));
		rows[n].nothing_enrolled = json_array_size(json_object_get(a,
		    "enrolled_by_audit")) == 0;
		rows[n].why = json_string_value(json_object_get(a,
		    "shortfall"));
		n++;
	}
	return n;
}
