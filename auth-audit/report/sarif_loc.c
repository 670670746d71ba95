/*
 * SARIF results, one per finding, each on a file: GitHub code scanning
 * drops results without a physical location.
 *
 * - A live audit's finding sits on the profile (the file users commit) at
 *   the line of the step it concerns: the first step its evidence names,
 *   else the first step the check needs, else the "steps" member.
 * - An offline finding sits where it was found: `totp scan` evidence lists
 *   files (and, for seeds in ordinary files, hits with a line); each file
 *   or hit is a finding of its own.
 *
 * partialFingerprints carry a hash of what identifies the finding apart
 * from its line (check, file, step or what was found), so an alert
 * follows an edit of the file.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "auth-audit/core/buf.h"
#include "auth-audit/core/err.h"
#include "auth-audit/report/format.h"
#include "auth-audit/report/sarif.h"

#define FP_KEY "authAuditFinding/v1"
/* Longest URI or message built here; longer paths are cut. */
#define URI_MAX 4096

/* One finding: where, and what the result says about it. */
struct finding {
	const char *file;    /* NULL: the report's artifact */
	long line;           /* 0: no region */
	const char *step;    /* live: the step it concerns */
	const json_t *item;  /* the evidence of this finding (borrowed) */
	char detail[256];    /* what was found, for message and fingerprint */
};

const char *
aa_sarif_level(enum aa_sev sev)
{
	if (sev >= AA_SEV_HIGH)
		return "error";
	if (sev == AA_SEV_MEDIUM)
		return "warning";
	return "note";
}

json_t *
aa_sarif_message(const char *s)
{
	size_t n = strlen(s);
	char *t;
	json_t *v;

	if (n > 0 && (s[n - 1] == '.' || s[n - 1] == '!' || s[n - 1] == '?'))
		return json_pack("{s:s}", "text", s);
	if ((t = malloc(n + 2)) == NULL)
		return NULL;
	memcpy(t, s, n);
	t[n] = '.';
	t[n + 1] = '\0';
	v = json_pack("{s:s}", "text", t);
	free(t);
	return v;
}

/* RFC 3986 path characters stay; everything else becomes %XX. */
static void
uri_put(struct aa_buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;

		if (isalnum(ch) || strchr("-._~/", ch) != NULL)
			aa_buf_printf(b, "%c", ch);
		else
			aa_buf_printf(b, "%%%02X", ch);
	}
}

/*
 * The artifact location of path: relative to the working directory (the
 * repository root in CI) when it lies there, else an absolute file URI.
 */
static json_t *
artifact_json(struct aa_sarif_ctx *c, const char *path)
{
	char cwd[URI_MAX];
	size_t n;
	struct aa_buf b;
	json_t *v = NULL;
	int rel = path[0] != '/';

	if (!rel && getcwd(cwd, sizeof(cwd)) != NULL &&
	    (n = strlen(cwd)) > 1 && strncmp(path, cwd, n) == 0 &&
	    path[n] == '/') {
		path += n + 1;
		rel = 1;
	}
	while (rel && strncmp(path, "./", 2) == 0)
		path += 2;
	aa_buf_init(&b, URI_MAX);
	if (!rel)
		aa_buf_printf(&b, "file://");
	uri_put(&b, path);
	if (b.ptr != NULL && b.len > 0) {
		v = rel ? json_pack("{s:s, s:s}", "uri", b.ptr, "uriBaseId",
		    AA_SARIF_BASE) : json_pack("{s:s}", "uri", b.ptr);
		c->used_base |= rel;
	}
	aa_buf_release(&b);
	return v;
}

json_t *
aa_sarif_base_ids(const struct aa_sarif_ctx *c)
{
	char cwd[URI_MAX];
	struct aa_buf b;
	json_t *v = NULL;

	if (!c->used_base || getcwd(cwd, sizeof(cwd)) == NULL)
		return NULL;
	aa_buf_init(&b, URI_MAX + 16);
	aa_buf_printf(&b, "file://");
	uri_put(&b, cwd);
	if (b.ptr != NULL && b.len > 0 && b.ptr[b.len - 1] != '/')
		aa_buf_printf(&b, "/");
	if (b.ptr != NULL)
		v = json_pack("{s:{s:s}}", AA_SARIF_BASE, "uri", b.ptr);
	aa_buf_release(&b);
	return v;
}

static long
step_line(const struct aa_report *rep, const char *step)
{
	const json_t *v = step != NULL && rep->artifact_lines != NULL ?
	    json_object_get(rep->artifact_lines, step) : NULL;

	return json_is_integer(v) ? (long)json_integer_value(v) : 0;
}

/* The first step named in evidence v ("step", "..._step" members, depth
 * first in insertion order) that the profile has a line for. */
static const char *
evidence_step(const struct aa_report *rep, const json_t *v, int depth)
{
	const char *k, *s;
	const json_t *e;
	size_t i, kl;

	if (depth > 8)
		return NULL;
	if (json_is_array(v)) {
		json_array_foreach(v, i, e)
			if ((s = evidence_step(rep, e, depth + 1)) != NULL)
				return s;
		return NULL;
	}
	if (!json_is_object(v))
		return NULL;
	json_object_foreach((json_t *)v, k, e) {
		kl = strlen(k);
		if (json_is_string(e) && (strcmp(k, "step") == 0 ||
		    (kl > 5 && strcmp(k + kl - 5, "_step") == 0)) &&
		    step_line(rep, json_string_value(e)) > 0)
			return json_string_value(e);
	}
	json_object_foreach((json_t *)v, k, e)
		if ((s = evidence_step(rep, e, depth + 1)) != NULL)
			return s;
	return NULL;
}

/* The first of the check's required steps that the profile has. */
static const char *
needed_step(const struct aa_report *rep, const struct aa_check_def *d,
    char *buf, size_t len)
{
	const char *p = d->steps;

	while (p != NULL && *p != '\0') {
		size_t n = strcspn(p, " ");

		if (n > 0 && n < len) {
			memcpy(buf, p, n);
			buf[n] = '\0';
			if (step_line(rep, buf) > 0)
				return buf;
		}
		p += n;
		p += strspn(p, " ");
	}
	return NULL;
}

/* A check that names no step: its module's section of the profile (the
 * FIDO module drives "webauthn", the SMS one "sms"), else "steps". */
static long
section_line(const struct aa_report *rep, const struct aa_check_def *d)
{
	long l = 0;

	if (strcmp(d->module, "fido") == 0)
		l = step_line(rep, "/webauthn");
	else if (strcmp(d->module, "sms") == 0)
		l = step_line(rep, "/sms");
	if (l <= 0)
		l = rep->artifact_line;
	return l > 0 ? l : 1;
}

/* "what (why)" of an offline evidence item, for messages. */
static void
item_detail(const json_t *it, const json_t *hit, char *out, size_t len)
{
	static const char *const keys[] = { "kind", "format", "why", "issuer",
	    "name", "secret", NULL };
	size_t n = 0;

	out[0] = '\0';
	for (int pass = 0; pass < 2; pass++) {
		const json_t *o = pass == 0 ? hit : it;

		for (int k = 0; o != NULL && keys[k] != NULL; k++) {
			const char *s = json_string_value(json_object_get(o,
			    keys[k]));
			int w;

			if (s == NULL || s[0] == '\0' || n + 1 >= len)
				continue;
			w = snprintf(out + n, len - n, "%s%s", n ? ", " : "",
			    s);
			if (w > 0)
				n += (size_t)w < len - n ? (size_t)w :
				    len - n - 1;
		}
	}
}

/* "path" of a duplicate group's "path: issuer/name" entries. */
static const char *
where_file(const char *where, char *buf, size_t len)
{
	const char *sep = where != NULL ? strstr(where, ": ") : NULL;
	const char *last = NULL;

	/* The account part holds no ": " of its own; the path may. */
	while (sep != NULL) {
		last = sep;
		sep = strstr(sep + 2, ": ");
	}
	if (last == NULL || (size_t)(last - where) >= len)
		return NULL;
	memcpy(buf, where, (size_t)(last - where));
	buf[last - where] = '\0';
	return buf;
}

static json_t *
fingerprint(struct aa_sarif_ctx *c, const struct aa_result *r,
    const char *uri, const struct finding *f)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	char base[URI_MAX + 512], hex[2 * EVP_MAX_MD_SIZE + 16];
	json_int_t used;
	int n;

	n = snprintf(base, sizeof(base), "%s|%s|%s|%s", r->def->id,
	    uri != NULL ? uri : "", f->step != NULL ? f->step : "", f->detail);
	if (n < 0 || EVP_Digest(base, strlen(base), md, &mdlen, EVP_sha256(),
	    NULL) != 1)
		return NULL;
	for (unsigned int i = 0; i < mdlen && i < 16; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	/* The same finding twice (one seed in two places of one file). */
	used = json_integer_value(json_object_get(c->seen, hex));
	json_object_set_new(c->seen, hex, json_integer(used + 1));
	if (used > 0)
		snprintf(hex + 32, sizeof(hex) - 32, ":%lld", (long long)used);
	return json_pack("{s:s}", FP_KEY, hex);
}

static json_t *
location_json(struct aa_sarif_ctx *c, const struct aa_result *r,
    const struct finding *f, const char **uri)
{
	const struct aa_report *rep = c->rep;
	const char *file = f->file != NULL ? f->file : rep->artifact;
	json_t *art, *phys;
	char fq[128];

	*uri = NULL;
	if (file != NULL && file[0] != '\0' && strcmp(file, "-") != 0 &&
	    (art = artifact_json(c, file)) != NULL) {
		*uri = json_string_value(json_object_get(art, "uri"));
		phys = json_pack("{s:o}", "artifactLocation", art);
		if (phys != NULL && f->line > 0)
			json_object_set_new(phys, "region", json_pack("{s:I}",
			    "startLine", (json_int_t)f->line));
		return json_pack("[{s:o}]", "physicalLocation", phys);
	}
	/* Nothing names a file (a report built in memory): name the check. */
	snprintf(fq, sizeof(fq), "%s/%s", r->def->module, r->def->id);
	return json_pack("[{s:[{s:s, s:s, s:s}]}]", "logicalLocations",
	    "name", r->def->id, "fullyQualifiedName",
	    rep->base_url != NULL ? rep->base_url : fq,
	    "kind", rep->base_url != NULL ? "resource" : "module");
}

static int
emit(struct aa_sarif_ctx *c, const struct aa_result *r, size_t rule_index,
    const struct finding *f, json_t *results)
{
	int fail = r->status == AA_FAIL;
	const char *kind = fail ? "fail" :
	    r->status == AA_PASS ? "pass" : "notApplicable";
	const char *uri, *sum = r->summary && r->summary[0] ? r->summary :
	    aa_status_name(r->status);
	char msg[1600];
	json_t *locs, *res, *props, *ev;

	if (f->item != NULL && f->file != NULL)
		snprintf(msg, sizeof(msg), "%s: %s%s%.0ld%s%s%s", r->def->title,
		    f->file, f->line > 0 ? " line " : "", f->line,
		    f->detail[0] ? " (" : "", f->detail,
		    f->detail[0] ? ")" : "");
	else if (f->step != NULL)
		snprintf(msg, sizeof(msg), "%s: %s (step %s)", r->def->title,
		    sum, f->step);
	else
		snprintf(msg, sizeof(msg), "%s: %s", r->def->title, sum);
	locs = location_json(c, r, f, &uri);
	ev = f->item != NULL ? json_deep_copy(f->item) : r->evidence != NULL ?
	    json_deep_copy(r->evidence) : json_object();
	/* A hit names only its line: say which file it is in. */
	if (ev != NULL && f->item != NULL && f->file != NULL &&
	    json_object_get(ev, "file") == NULL)
		json_object_set_new(ev, "file", json_string(f->file));
	props = json_pack("{s:s, s:i, s:o}", "status",
	    aa_status_name(r->status), "risk_points", aa_rating_points(r),
	    "evidence", ev);
	if (props != NULL && f->step != NULL)
		json_object_set_new(props, "step", json_string(f->step));
	res = json_pack("{s:s, s:I, s:s, s:s, s:o, s:o, s:o*, s:o}",
	    "ruleId", r->def->id,
	    "ruleIndex", (json_int_t)rule_index,
	    "kind", kind,
	    "level", fail ? aa_sarif_level(r->def->severity) : "none",
	    "message", aa_sarif_message(msg),
	    "locations", locs,
	    "partialFingerprints", fingerprint(c, r, uri, f),
	    "properties", props);
	if (res == NULL)
		return AA_ERR_NOMEM;
	return json_array_append_new(results, res) == 0 ? AA_OK :
	    AA_ERR_NOMEM;
}

/* Offline evidence: arrays of {file, ...} items, hits with lines inside. */
static int
offline_findings(struct aa_sarif_ctx *c, const struct aa_result *r,
    size_t rule_index, json_t *results, int *found)
{
	const char *k;
	const json_t *arr, *it, *hit, *w;
	size_t i, j;
	char fbuf[URI_MAX];
	int rc = AA_OK;

	json_object_foreach(r->evidence, k, arr) {
		if (!json_is_array(arr))
			continue;
		json_array_foreach(arr, i, it) {
			struct finding f = { 0 };
			const json_t *hits = json_object_get(it, "hits");

			f.item = it;
			f.file = json_string_value(json_object_get(it, "file"));
			w = json_object_get(it, "where");
			if (f.file == NULL && json_is_array(w))
				f.file = where_file(json_string_value(
				    json_array_get(w, 0)), fbuf, sizeof(fbuf));
			if (f.file == NULL)
				continue;
			*found = 1;
			if (json_array_size(hits) == 0) {
				f.line = json_integer_value(json_object_get(it,
				    "line"));
				item_detail(it, NULL, f.detail,
				    sizeof(f.detail));
				if (f.detail[0] == '\0' && json_is_array(w))
					snprintf(f.detail, sizeof(f.detail),
					    "%zu uses", json_array_size(w));
				rc = emit(c, r, rule_index, &f, results);
			}
			json_array_foreach(hits, j, hit) {
				if (rc != AA_OK)
					break;
				f.item = hit;
				f.line = json_integer_value(json_object_get(hit,
				    "line"));
				item_detail(it, hit, f.detail,
				    sizeof(f.detail));
				rc = emit(c, r, rule_index, &f, results);
			}
			if (rc != AA_OK)
				return rc;
		}
	}
	return rc;
}

int
aa_sarif_results(struct aa_sarif_ctx *c, const struct aa_result *r,
    size_t rule_index, json_t *results)
{
	const struct aa_report *rep = c->rep;
	struct finding f = { 0 };
	char need[96];
	int found = 0, rc;
	const char *file;

	if (r->status == AA_FAIL && r->evidence != NULL) {
		rc = offline_findings(c, r, rule_index, results, &found);
		if (rc != AA_OK || found)
			return rc;
	}
	/* One finding for the check: a file the evidence names, or the
	 * profile at the step concerned. */
	file = r->evidence != NULL ?
	    json_string_value(json_object_get(r->evidence, "file")) : NULL;
	if (file != NULL) {
		f.file = file;
		f.line = json_integer_value(json_object_get(r->evidence,
		    "line"));
	} else if (rep->artifact != NULL) {
		f.step = evidence_step(rep, r->evidence, 0);
		if (f.step == NULL)
			f.step = needed_step(rep, r->def, need, sizeof(need));
		f.line = f.step != NULL ? step_line(rep, f.step) :
		    section_line(rep, r->def);
		if (rep->artifact_lines == NULL && f.step == NULL)
			f.line = 0; /* an offline input: the whole file */
	}
	return emit(c, r, rule_index, &f, results);
}
