/*
 * A copy of a report whose every string went through the redactor. The
 * renderers escape text differently (JSON backslashes, HTML entities,
 * Markdown escapes), so a secret holding such characters would no longer
 * match after rendering; redacting the model first catches it in every
 * format, and aa_report_render() still redacts the output as well.
 */
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/redact.h"
#include "auth-audit/report/format.h"

/* Evidence is built by our modules; deeper nesting is cut, not followed. */
#define MAX_DEPTH 32

static char *
red_str(const struct aa_redact *r, const char *s)
{
	return s != NULL ? aa_redact_apply(r, s) : NULL;
}

/*
 * A number is checked in the text form the JSON renderer will print; one
 * that contains a secret (an OTP code stored as an integer) becomes the
 * redacted string.
 */
static json_t *
red_number(const struct aa_redact *r, const json_t *v)
{
	char *txt = json_dumps(v, JSON_ENCODE_ANY |
	    JSON_REAL_PRECISION(9)), *s = NULL;
	json_t *out = NULL;

	if (txt == NULL || (s = red_str(r, txt)) == NULL)
		goto out;
	out = strcmp(s, txt) == 0 ? json_deep_copy(v) : json_string(s);
out:
	free(txt);
	free(s);
	return out;
}

static json_t *
red_json(const struct aa_redact *r, const json_t *v, int depth)
{
	const char *key;
	json_t *out = NULL, *item;
	size_t i;
	char *s;

	if (depth > MAX_DEPTH)
		return json_string("(nested too deep)");
	switch (json_typeof(v)) {
	case JSON_STRING:
		if ((s = red_str(r, json_string_value(v))) == NULL)
			return NULL;
		out = json_string(s);
		free(s);
		return out != NULL ? out : json_string("(not UTF-8)");
	case JSON_OBJECT:
		out = json_object();
		json_object_foreach((json_t *)v, key, item) {
			s = red_str(r, key);
			if (out == NULL || s == NULL || json_object_set_new(out, s,
			    red_json(r, item, depth + 1)) != 0) {
				free(s);
				json_decref(out);
				return NULL;
			}
			free(s);
		}
		return out;
	case JSON_ARRAY:
		out = json_array();
		json_array_foreach(v, i, item)
			if (out == NULL || json_array_append_new(out,
			    red_json(r, item, depth + 1)) != 0) {
				json_decref(out);
				return NULL;
			}
		return out;
	case JSON_INTEGER:
	case JSON_REAL:
		return red_number(r, v);
	default:
		return json_deep_copy(v);
	}
}

int
aa_report_redacted_copy(const struct aa_report *rep, struct aa_report **out)
{
	const struct aa_redact *red = rep->redact;
	struct aa_report *cp = NULL;
	int r;

	*out = NULL;
	if ((r = aa_report_new(rep->kind, &cp)) != AA_OK)
		goto out;
	r = AA_ERR_NOMEM;
	cp->started_at = rep->started_at;
	cp->duration_ms = rep->duration_ms;
	cp->requests = rep->requests;
	cp->rtt_ms = rep->rtt_ms;
	cp->wait_ms = rep->wait_ms;
	cp->waits = json_incref(rep->waits);
	cp->rating = rep->rating;
	cp->redact = red;
	cp->no_grade = rep->no_grade;
	cp->artifact_line = rep->artifact_line;
	cp->render_flags = rep->render_flags;
	if (rep->artifact_lines != NULL &&
	    (cp->artifact_lines = json_deep_copy(rep->artifact_lines)) == NULL)
		goto out;
	if (rep->artifact != NULL &&
	    (cp->artifact = red_str(red, rep->artifact)) == NULL)
		goto out;
	memcpy(cp->factors, rep->factors, sizeof(cp->factors));
	if ((rep->target_name && !(cp->target_name = red_str(red,
	    rep->target_name))) ||
	    (rep->base_url && !(cp->base_url = red_str(red, rep->base_url))))
		goto out;
	json_decref(cp->factor_sources);
	cp->factor_sources = rep->factor_sources ?
	    red_json(red, rep->factor_sources, 0) : json_object();
	if (cp->factor_sources == NULL)
		goto out;
	if (rep->baseline != NULL &&
	    (cp->baseline = red_json(red, rep->baseline, 0)) == NULL)
		goto out;
	if (rep->nresults != 0) {
		cp->results = calloc(rep->nresults, sizeof(*cp->results));
		if (cp->results == NULL)
			goto out;
		cp->capresults = rep->nresults;
	}
	for (size_t i = 0; i < rep->nresults; i++) {
		const struct aa_result *s = &rep->results[i];
		struct aa_result *d = &cp->results[i];

		d->def = s->def;
		d->status = s->status;
		cp->nresults++;
		d->summary = red_str(red, s->summary ? s->summary : "");
		if (d->summary == NULL)
			goto out;
		if (s->evidence != NULL &&
		    (d->evidence = red_json(red, s->evidence, 0)) == NULL)
			goto out;
	}
	*out = cp;
	cp = NULL;
	r = AA_OK;
out:
	aa_report_free(&cp);
	return r;
}
