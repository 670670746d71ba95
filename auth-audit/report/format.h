/*
 * Helpers shared by the report renderers (report_*.c); not a public API.
 */
#ifndef AA_REPORT_FMT_H
#define AA_REPORT_FMT_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "auth-audit/report/report.h"

/*
 * How every renderer prints JSON. Reals get 9 significant digits so a
 * timing like 0.07 prints as "0.07", not "0.070000000000000007" (which
 * would also look like it holds the code "000000" to the redactor).
 */
#define AA_REPORT_JSON_FLAGS \
	(JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(9))

/*
 * Indices into rep->results in report order: with failed_first, failed
 * checks by falling severity, then everything else; ties and the rest in
 * catalog order. Malloc'd (free it); NULL on ENOMEM or when empty.
 */
size_t *aa_report_order(const struct aa_report *rep, int failed_first);
/* "M4", "M6", "M4,M6", or NULL for none. */
const char *aa_report_owasp2016(unsigned owasp);
/* "2026-11-21T10:00:00Z" into out (at least 32 bytes). */
void aa_report_time_iso(time_t t, char *out, size_t outlen);
/* Risk points a result adds to the security or privacy score (RATING.md). */
int aa_rating_points(const struct aa_result *r);
/* Result counts by status (index enum aa_status). */
void aa_report_count(const struct aa_report *rep, size_t counts[5]);
/* A second factor whose offer is known, as the factor tables show it. */
struct aa_report_factor_row {
	const char *name;
	int offered;
	const json_t *sources; /* array of source strings, or NULL */
};
/* The known factors of rep, in enum order, into rows; returns how many. */
size_t aa_report_factor_rows(const struct aa_report *rep,
    struct aa_report_factor_row rows[AA_FACTOR_COUNT]);
/* The strings of array arr joined by ", ", each written by put (which
 * escapes for the format). */
void aa_report_strings_put(FILE *fp, const json_t *arr,
    void (*put)(FILE *, const char *));
/* r's evidence as indented JSON (malloc'd), or NULL when it has none. */
char *aa_report_evidence_dump(const struct aa_result *r);
/* GitHub-style security-severity of a severity ("9.5", "8.0", ...). */
const char *aa_report_sev_score(enum aa_sev sev);

/*
 * rep itself when aa_rating_compute() has run, else a shallow copy in *tmp
 * with the rating filled in (never freed; it shares rep's memory), so no
 * format ever shows an uncomputed grade.
 */
const struct aa_report *aa_report_rated(const struct aa_report *rep,
    struct aa_report *tmp);
/*
 * Copy of rep with every summary, evidence string and target string passed
 * through rep->redact (which must be set); free with aa_report_free().
 */
int aa_report_redacted_copy(const struct aa_report *rep,
    struct aa_report **out);

/* ---- the executive summary (summary.c) ---- */
#define AA_REPORT_NSEV 5    /* enum aa_sev values */
#define AA_REPORT_MAXMOD 8  /* modules of the catalog */
/* "Passing" "Average" "Failing" "Incomplete", or "No grade". */
const char *aa_report_grade_label(const struct aa_report *rep);
/* Failed checks by severity (index enum aa_sev). */
void aa_report_sev_counts(const struct aa_report *rep,
    size_t counts[AA_REPORT_NSEV]);
/* Modules with a result, catalog order; returns how many. */
size_t aa_report_modules(const struct aa_report *rep,
    const char *mods[AA_REPORT_MAXMOD]);
/* Failed checks of one module by severity. */
void aa_report_module_counts(const struct aa_report *rep, const char *module,
    size_t counts[AA_REPORT_NSEV]);
/* The caps (or why there is none, or no grade) as one sentence. */
void aa_report_caps_sentence(const struct aa_report *rep, char *out,
    size_t len);
/* The strings of arr joined by ", " into out ("none" when empty). */
void aa_report_join(const json_t *arr, char *out, size_t len);
/* One account of the baseline, as the reports show it. */
struct aa_report_baseline_row {
	const char *username;
	int login;            /* 1, 0, -1 unknown */
	int required;         /* second factor proved required: 1, 0, -1 */
	char enrolled[128];   /* factors the audit put on the account */
	char proved[128];     /* password + factor opened `protected` */
	int removed;          /* everything enrolled was removed at the end */
	int nothing_enrolled;
	const char *why;      /* what could not be established, or NULL */
};
/* The baseline's accounts (borrowed strings), at most max; how many. */
size_t aa_report_baseline_rows(const struct aa_report *rep,
    struct aa_report_baseline_row *rows, size_t max);

/*
 * A report format behind aa_report_render(), like OpenSSH's struct
 * sshkey_impl: one file per format defines one, formats.c lists them.
 *
 * Adding a report format (like git's builtin.h checklist):
 *   - auth-audit/report/<name>.c renders the model, rated and (with a
 *     redactor) already redacted, with the helpers above, and defines
 *     `const struct aa_report_format aa_report_format_<name>`;
 *   - its extern below and one row in the table in formats.c: the command
 *     line's --format, --also and format lists follow;
 *   - its description in docs/REPORT.md and the --format items of
 *     docs/auth-audit.1 and docs/auth-audit-totp.1, and its case in
 *     tests/unit/test_core_render.c (tests/cli/0103-report-formats.t
 *     renders every format of the table and checks the man pages).
 */
struct aa_render_opts {
	int colour;   /* ANSI colour: a terminal without NO_COLOR */
};

struct aa_report_format {
	const char *name;   /* --format NAME */
	/* JSON syntax: the model pass of the redactor covered every string;
	 * a textual pass could cut into a number and break the syntax. */
	int structured;
	int (*render)(const struct aa_report *rep, FILE *fp,
	    const struct aa_render_opts *o);
};

extern const struct aa_report_format aa_report_format_text;
extern const struct aa_report_format aa_report_format_json;
extern const struct aa_report_format aa_report_format_sarif;
extern const struct aa_report_format aa_report_format_md;
extern const struct aa_report_format aa_report_format_html;
extern const struct aa_report_format aa_report_format_tsv;

/* The format called name, or NULL. */
const struct aa_report_format *aa_report_format_find(const char *name);

#endif
