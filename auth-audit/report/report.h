/*
 * The report model: one result per check, plus what the rating and the
 * renderers need. Output-agnostic; renderers live in report_*.c.
 *
 * Ownership: aa_report_add() steals `evidence` (a jansson object, may be
 * NULL). Evidence and reasons must already be redacted; renderers also run
 * everything through the audit's redactor as a last line of defence.
 */
#ifndef AA_REPORT_H
#define AA_REPORT_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include <jansson.h>

#include "auth-audit/catalog/check.h"

struct aa_redact;

/*
 * Version of the JSON report's shape (its "report_version" member and
 * docs/report.schema.json): bumped when a member changes meaning or goes.
 */
#define AA_REPORT_FORMAT_VERSION 1

struct aa_result {
	const struct aa_check_def *def;
	enum aa_status status;
	char *summary;     /* one line: what was seen, or why not tested */
	json_t *evidence;  /* object, owned */
};

/* Factor inventory: -1 unknown, 0 not offered, 1 offered. */
enum aa_factor {
	AA_FACTOR_SMS,
	AA_FACTOR_CALL,
	AA_FACTOR_EMAIL,
	AA_FACTOR_TOTP,
	AA_FACTOR_WEBAUTHN,
	AA_FACTOR_PASSKEY,
	AA_FACTOR_PUSH,
	AA_FACTOR_RECOVERY_CODES,
	AA_FACTOR_COUNT
};

struct aa_cap {
	char grade[16];
	char check[64];
	char reason[256];
};

struct aa_rating {
	char grade[16];          /* "Passing" "Average" "Failing" */
	int security;            /* 0-100 risk */
	int privacy;             /* 0-100 risk */
	struct aa_cap caps[16];
	size_t ncaps;
	char m4[16], m6[16];     /* "pass" "fail" "not_tested" */
	size_t run, not_tested, total;
	int low_coverage;        /* most checks were not tested */
};

struct aa_report {
	char *kind;              /* "audit", "factors", "totp-scan" */
	char *target_name;
	char *base_url;
	time_t started_at;
	long long duration_ms;
	unsigned long requests;
	/* Where the time went (live audits): the requests' round trips and
	 * the announced waits by reason (fresh TOTP steps, back-off, pace). */
	double rtt_ms, wait_ms;
	json_t *waits;           /* [{why, ms, count}] or NULL */
	int factors[AA_FACTOR_COUNT];
	json_t *factor_sources;  /* object: factor -> [source strings] */
	struct aa_result *results;
	size_t nresults, capresults;
	json_t *baseline;        /* what the audit established per account */
	int no_grade;            /* the target never answered: no grade */
	struct aa_rating rating; /* filled by aa_rating_compute() */
	const struct aa_redact *redact; /* borrowed; may be NULL */
	/* The file findings are anchored to in SARIF (a live audit: the
	 * profile users commit), the line of each step in it, and the line
	 * used when a finding names no step (0: line 1). */
	char *artifact;
	json_t *artifact_lines;  /* object: step name -> line */
	long artifact_line;
	unsigned render_flags;   /* AA_RENDER_* */
	int lean;                /* results without evidence: whoever builds
	                            evidence for this report may skip it
	                            (a `factors --batch` line carries none) */
};

/* render_flags: SARIF also lists passed and not-applicable checks. */
#define AA_RENDER_SARIF_PASSES 0x1u

int aa_report_new(const char *kind, struct aa_report **out);
void aa_report_free(struct aa_report **rp);

/*
 * Record the result of check `id`. A second result for the same ID
 * replaces the first (the worse status wins: fail > error > pass >
 * not_tested > not_applicable), so a module may report early and refine.
 * Unknown IDs give AA_ERR_ARG.
 */
int aa_report_add(struct aa_report *rep, enum aa_check_id id, enum aa_status st,
    json_t *evidence, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
const struct aa_result *aa_report_find(const struct aa_report *rep,
    enum aa_check_id id);

const char *aa_factor_name(enum aa_factor f); /* "sms" "call" ... */
/* The names of the factors of mask (1u << f) as a JSON array (new ref). */
json_t *aa_factor_json(unsigned mask);
/* Mark a factor offered (1) or not (0), naming where the fact came from. */
void aa_report_factor(struct aa_report *rep, enum aa_factor f, int offered,
    const char *source);

/* Rating of report.md / docs/RATING.md; fills rep->rating. */
void aa_rating_compute(struct aa_report *rep);

/* Render rep as format fmt (a name of the table in report/formats.c:
 * text json sarif md html tsv); AA_ERR_ARG for an unknown one. */
int aa_report_render(const struct aa_report *rep, const char *fmt, FILE *fp);
/* The name of the i-th report format, NULL past the last. */
const char *aa_report_format_name(size_t i);
/* The JSON document of report.md (new reference). */
json_t *aa_report_json(const struct aa_report *rep);

#endif
