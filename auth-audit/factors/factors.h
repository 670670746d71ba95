/*
 * Factor discovery: which login factors a service offers, from the public
 * directories (2fa.directory API v4, the passkeys directory), from live
 * probes of its well-known endpoints, and from what an audit saw.
 *
 *   factors_dir.c        directory parser and domain lookup
 *   factors_cache.c      download, cache with date, staleness, integrity
 *   factors_source.c     which directory copy a run uses (file, cache, fetch)
 *   factors_wellknown.c  parsers of the well-known documents
 *   factors_url.c        target origins and hosts
 *   factors_probe.c      probe plan (one target), soft-404 guard, redirects
 *   factors_net.c        libcurl plumbing, the single-target driver
 *   factors_inv.c        the inventory: facts, ranks, sources
 *   factors_eval.c       the FACTOR-* / DISCOVERY-* results
 *   factors_assess.c     one target end to end (CLI and batch)
 *   factors_batch.c      many targets over curl multi, JSON lines
 *   factors_module.c     the audit module
 * docs/FACTORS.md describes sources, precedence and the guards.
 */
#ifndef AA_FACTORS_H
#define AA_FACTORS_H

#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include <jansson.h>

#include "auth-audit/core/buf.h"
#include "auth-audit/core/err.h"
#include "auth-audit/core/jw.h"
#include "auth-audit/report/report.h"

/* ---- directories -------------------------------------------------------- */

#define AA_FACTORS_DIR_MAX_BYTES (32u * 1024 * 1024)
#define AA_FACTORS_DIR_MAX_ENTRIES 200000
#define AA_FACTORS_DIR_MAX_LIST 64      /* methods / product names per entry */
#define AA_FACTORS_DOMAIN_MAX 253

/* 2fa.directory method values (the schema's enum). */
#define AA_DIR_SMS       0x01u
#define AA_DIR_CALL      0x02u
#define AA_DIR_EMAIL     0x04u
#define AA_DIR_TOTP      0x08u
#define AA_DIR_U2F       0x10u
#define AA_DIR_CUSTOM_SW 0x20u
#define AA_DIR_CUSTOM_HW 0x40u

enum aa_factors_dir_kind {
	AA_FACTORS_DIR_TFA,      /* 2fa.directory all.json (v4 object or v3 pairs) */
	AA_FACTORS_DIR_PASSKEYS, /* passkeys directory all.json */
};

/* Passkey directory levels. */
#define AA_PK_NONE     0
#define AA_PK_ALLOWED  1
#define AA_PK_REQUIRED 2

struct aa_factors_dir;

struct aa_factors_dirent {
	char key[AA_FACTORS_DOMAIN_MAX + 1]; /* the directory key that matched */
	int via_parent;          /* matched a parent domain of the host */
	int has_2fa;             /* tfa: methods listed; passkeys: mfa/passwordless */
	unsigned methods;        /* AA_DIR_* */
	char unknown[160];       /* unknown method names, comma-separated */
	char custom_software[256];
	char custom_hardware[256];
	char documentation[512];
	char recovery[512];
	char notes[512];
	int pk_mfa;              /* AA_PK_* */
	int pk_passwordless;     /* AA_PK_* */
};

/*
 * Parse a directory document (bounded: AA_FACTORS_DIR_MAX_BYTES and
 * _ENTRIES). A wrong-typed member is AA_ERR_PARSE with the JSON path in
 * diag; unknown method names are kept and reported, not rejected.
 */
int aa_factors_dir_parse(const char *text, size_t len,
    enum aa_factors_dir_kind kind, const char *name,
    struct aa_factors_dir **out, struct aa_diag *diag);
int aa_factors_dir_load(const char *path, enum aa_factors_dir_kind kind,
    struct aa_factors_dir **out, struct aa_diag *diag);
void aa_factors_dir_free(struct aa_factors_dir **dp);
/*
 * Look a host up as the directory resolves it: the host itself, then each
 * parent domain down to two labels ("login.eu.example.com" ->
 * "eu.example.com" -> "example.com"). AA_ERR_NOTFOUND when none is listed.
 */
int aa_factors_dir_lookup(const struct aa_factors_dir *d, const char *host,
    struct aa_factors_dirent *out);
/* Lower-case, strip a trailing dot and "www."; AA_ERR_ARG if not a name. */
int aa_factors_domain_norm(const char *in, char *out, size_t outlen);
/* True for loopback names and literal IP addresses (no directory lookup). */
int aa_factors_host_is_local(const char *host);

/* ---- cache ------------------------------------------------------------- */

#define AA_FACTORS_TFA_URL "https://api.2fa.directory/v4/all.json"
#define AA_FACTORS_PASSKEYS_URL "https://passkeys-api.2fa.directory/v1/all.json"
#define AA_FACTORS_CACHE_MAX_AGE (7L * 24 * 3600)
#define AA_FACTORS_ATTRIBUTION \
	"Data sourced from 2FA Directory by 2factorauth (MIT licence, " \
	"(c) 2factorauth and Contributors, (c) 2014-2020 Josh Davis; " \
	"https://2fa.directory)."
#define AA_FACTORS_PK_ATTRIBUTION \
	"Passkey data from the Passkeys Directory by 2factorauth " \
	"(CC BY 4.0; https://passkeys.2fa.directory)."

struct aa_factors_cache_info {
	char data_path[1024];
	char source[512];
	time_t fetched_at;
	char sha256[65];
	char signature[256];   /* "verified (gpgv)" or why not */
	int stale;
};

/* $XDG_CACHE_HOME/auth-audit, else $HOME/.cache/auth-audit. */
int aa_factors_cache_dir(char *out, size_t outlen);
/*
 * The cached copy `name` ("2fa-all.json") in dir: its metadata, after
 * checking the data file against the recorded SHA-256 (AA_ERR_CRYPTO on
 * mismatch, AA_ERR_NOTFOUND when absent).
 */
int aa_factors_cache_read(const char *dir, const char *name, time_t now,
    struct aa_factors_cache_info *info, struct aa_diag *diag);
/*
 * Download url into dir/name (atomically), verify it parses as `kind`,
 * verify the source's signature (url + ".sig") when gpgv and a keyring
 * are available, and record date, source and SHA-256 in name + ".meta".
 */
int aa_factors_cache_fetch(const char *url, const char *dir,
    const char *name, enum aa_factors_dir_kind kind, long timeout_ms,
    struct aa_factors_cache_info *info, struct aa_diag *diag);

/* One directory for a run: a named file, else the cache, refreshed from
 * the network when allowed and needed. */
struct aa_factors_want {
	enum aa_factors_dir_kind kind;
	const char *file;        /* the user's copy, or NULL */
	const char *cache_name;  /* "2fa-all.json" */
	const char *url_env;     /* environment variable overriding url */
	const char *url;         /* default source */
	int may_fetch;           /* the user allowed a download */
	int refresh;             /* download even if the cache is fresh */
	long timeout_ms;
};

struct aa_factors_source {
	struct aa_factors_dir *d; /* NULL: no data (warn says why) */
	char label[1200];         /* where the data came from */
	char warn[600];           /* stale / refused / failed download */
};

/*
 * Fill src. AA_OK with src->d NULL when no data is available; an error
 * (diag set) only for a file the user named that cannot be used.
 */
int aa_factors_source_get(const struct aa_factors_want *w,
    struct aa_factors_source *src, struct aa_diag *diag);

/* ---- well-known documents --------------------------------------------- */

#define AA_FACTORS_WK_MAX_BODY (256u * 1024)

struct aa_factors_wk {
	/* passkey-endpoints */
	int pk_endpoints;        /* 1 valid document, 0 absent/invalid */
	char pk_enroll[256], pk_manage[256];
	/* webauthn related origins */
	int related_origins;     /* number of origins, 0 absent */
	int related_labels;      /* distinct registrable labels (approximate) */
	/* OpenID / OAuth metadata */
	int oidc;                /* 1 metadata parsed */
	int ropc;                /* grant_types_supported has "password" */
	int phr, phrh;           /* acr_values_supported */
	char issuer[256];
	/* security.txt */
	int sectxt;              /* 1 has Contact and Expires */
	int sectxt_expired;
	int sectxt_contacts;
	/* change-password */
	int change_password;     /* 1 temporary redirect (or accepted 200) */
	/* app associations */
	int aasa_webcredentials; /* apps listed under webcredentials */
	int assetlinks_login;    /* statements with common.get_login_creds */
	/* soft-404 guard */
	int soft404;             /* a nonexistent path answered 200 */
};

/* Each parser: AA_OK and fills its members, AA_ERR_PARSE if not valid. */
int aa_factors_wk_passkey_endpoints(const char *b, size_t n,
    struct aa_factors_wk *w);
int aa_factors_wk_webauthn(const char *b, size_t n, struct aa_factors_wk *w);
int aa_factors_wk_oidc(const char *b, size_t n, struct aa_factors_wk *w);
int aa_factors_wk_security_txt(const char *b, size_t n, time_t now,
    struct aa_factors_wk *w);
int aa_factors_wk_aasa(const char *b, size_t n, struct aa_factors_wk *w);
int aa_factors_wk_assetlinks(const char *b, size_t n, struct aa_factors_wk *w);

/* ---- probes ----------------------------------------------------------- */

enum aa_factors_probe_kind {
	AA_PROBE_SOFT404,        /* first: a path that must not exist */
	AA_PROBE_PASSKEY_ENDPOINTS,
	AA_PROBE_WEBAUTHN,
	AA_PROBE_OIDC,
	AA_PROBE_OAUTH_AS,
	AA_PROBE_SECURITY_TXT,
	AA_PROBE_CHANGE_PASSWORD,
	AA_PROBE_AASA,
	AA_PROBE_ASSETLINKS,
	AA_PROBE_COUNT
};

#define AA_FACTORS_PROBE_MAX_HOPS 3

/* One target's probe plan: which URL next, what came back. */
struct aa_factors_probe;

/*
 * Origin ("scheme://host[:port]") and host of a target: a URL, or a bare
 * domain taken as https. AA_ERR_ARG for anything else.
 */
int aa_factors_origin(const char *target, char *origin, size_t olen,
    char *host, size_t hlen);
/* Lower-case host of an absolute URL (IPv6 keeps its brackets). */
int aa_factors_url_host(const char *url, char *host, size_t hostlen);

/* origin: a URL or domain as for aa_factors_origin(). */
int aa_factors_probe_new(const char *origin, struct aa_factors_probe **out);
void aa_factors_probe_free(struct aa_factors_probe **pp);
/* The URL to GET next, or NULL when the plan is complete. */
const char *aa_factors_probe_next(struct aa_factors_probe *p);
/*
 * Feed the answer to the URL _next returned. err != AA_OK: no response
 * (status ignored). ctype/location/body may be NULL. The plan takes the
 * body's contents (the buffer is left empty) unless it is over
 * AA_FACTORS_WK_MAX_BODY. Same-host redirects are followed (not for
 * passkey-endpoints or change-password, where the spec gives redirects a
 * meaning); other hosts are not and are explained.
 */
int aa_factors_probe_feed(struct aa_factors_probe *p, int err, long status,
    const char *ctype, const char *location, struct aa_buf *body);
/* Interpret every answer (soft-404 guard applied). */
void aa_factors_probe_result(const struct aa_factors_probe *p, time_t now,
    struct aa_factors_wk *w);
/* Per-probe evidence: object path -> {url, status, error, location, note,
 * guard}, written as the member `key` (NULL at the top or in an array). */
void aa_factors_probe_write(const struct aa_factors_probe *p,
    struct aa_jw *w, const char *key);
/* The same as a jansson object (new reference; NULL when out of memory). */
json_t *aa_factors_probe_evidence(const struct aa_factors_probe *p);
/* Whether at least one probe got an HTTP answer. */
int aa_factors_probe_reached(const struct aa_factors_probe *p);
/* Explanation when a probe of `kind` redirected to another host, else NULL. */
const char *aa_factors_probe_offhost(const struct aa_factors_probe *p,
    enum aa_factors_probe_kind kind);

struct aa_factors_net {
	long timeout_ms;           /* per request */
	const char *const *resolve; /* "HOST:PORT:ADDR" (curl syntax), NULL-terminated */
	int loopback_only;         /* refuse any URL whose host is not loopback */
};

/* Run the whole plan with one libcurl easy handle (the CLI's single target). */
int aa_factors_probe_run(struct aa_factors_probe *p,
    const struct aa_factors_net *net);

/* ---- inventory and results ------------------------------------------- */

enum aa_factors_rank {
	AA_FACTORS_RANK_DIRECTORY = 1,
	AA_FACTORS_RANK_PROBE = 2,
	AA_FACTORS_RANK_LIVE = 3,  /* the audit's own observations, profile steps */
	AA_FACTORS_RANK_DECLARED = 4, /* the profile's "factors"/"offered" */
};

struct aa_factors_inv {
	int value[AA_FACTOR_COUNT]; /* -1 unknown, 0 not offered, 1 offered */
	int rank[AA_FACTOR_COUNT];
	json_t *sources;            /* factor name -> [ "source", ... ] */
};

int aa_factors_inv_init(struct aa_factors_inv *inv);
void aa_factors_inv_release(struct aa_factors_inv *inv);
/*
 * Add a fact. A higher-ranked fact replaces a lower one's value; at equal
 * rank "offered" wins. Every fact's source is kept, lower-ranked
 * contradicted ones marked "(outranked)".
 */
int aa_factors_inv_add(struct aa_factors_inv *inv, enum aa_factor f,
    int offered, enum aa_factors_rank rank, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Facts from directory entries (NULL entry = not listed; !loaded = no data). */
int aa_factors_inv_from_dir(struct aa_factors_inv *inv,
    const struct aa_factors_dirent *tfa, int tfa_loaded,
    const struct aa_factors_dirent *pk, int pk_loaded);
int aa_factors_inv_from_wk(struct aa_factors_inv *inv,
    const struct aa_factors_wk *w);
/* Copy the inventory into rep (aa_report_factor, one call per source). */
void aa_factors_inv_to_report(const struct aa_factors_inv *inv,
    struct aa_report *rep);

/* Selection predicate for results (NULL: every check). */
typedef int (*aa_factors_selected_fn)(void *ctx, enum aa_check_id id);

/* The four FACTOR-* results from an inventory. */
int aa_factors_eval_inventory(const struct aa_factors_inv *inv,
    struct aa_report *rep, aa_factors_selected_fn sel, void *ctx);
/*
 * DISCOVERY-ROPC and DISCOVERY-PASSKEYS from a probe run (p NULL: probes
 * were not run, `why` says why).
 */
int aa_factors_eval_discovery(const struct aa_factors_probe *p,
    const struct aa_factors_wk *w, const char *why, struct aa_report *rep,
    aa_factors_selected_fn sel, void *ctx);

/* ---- batch ------------------------------------------------------------ */

struct aa_factors_batch_opts {
	struct aa_factors_net net;
	unsigned max_total;        /* global concurrency bound (default 32) */
	long host_delay_ms;        /* politeness gap between requests to a host */
	const struct aa_factors_dir *tfa;      /* may be NULL */
	const struct aa_factors_dir *passkeys; /* may be NULL */
	int no_probe;
	const char *scheme;        /* for bare domains: "https" (default) or "http" */
	const char *port;          /* for bare domains, e.g. "8443"; NULL: default */
	/* Set by a signal handler: transfers stop, every target not done
	 * gets an "interrupted" line, AA_ERR_INTERRUPTED. NULL: never. */
	const volatile sig_atomic_t *stop;
};

/*
 * Probe every target (domain or URL per line of `in`, '#' comments) and
 * write one JSON object per line to `out`, in input order. At most
 * max_total transfers run at once and at most one per host.
 */
int aa_factors_batch_run(FILE *in, FILE *out,
    const struct aa_factors_batch_opts *o, struct aa_diag *diag);
/* ---- one target, end to end (CLI and batch) ------------------------- */

struct aa_factors_input {
	const char *target;      /* as given */
	const char *domain;      /* public domain for the directories, or NULL */
	const struct aa_factors_dir *tfa;      /* NULL: no 2fa.directory data */
	const struct aa_factors_dir *passkeys; /* NULL: no passkeys data */
	const struct aa_factors_probe *probe;  /* NULL: not probed */
	const char *no_probe_why;              /* why not, when probe is NULL */
	time_t now;
};

/* Directory lookup, probe interpretation, inventory, results into rep. */
int aa_factors_assess(const struct aa_factors_input *in,
    struct aa_report *rep, struct aa_factors_inv *inv);
/* Bound of one target's JSON (a batch line): the probes' URLs and notes
 * and the directory entries are each bounded, so this is never reached
 * by an honest target; past it the line says so instead. */
#define AA_FACTORS_LINE_MAX (4u * 1024 * 1024)
/* The members of a target's JSON object (the batch line, `--format
 * json`): target, domain, factors, factor_sources, results, directories,
 * probes, attribution. The caller opens and closes the object. */
void aa_factors_json_write(const struct aa_factors_input *in,
    const struct aa_report *rep, const struct aa_factors_inv *inv,
    struct aa_jw *w);
/* The same as a jansson object (new reference; NULL when out of memory). */
json_t *aa_factors_json(const struct aa_factors_input *in,
    const struct aa_report *rep, const struct aa_factors_inv *inv);

/* The audit module's check functions (module.c): one evaluation reports
 * every selected check of its group. */
struct aa_audit;
struct aa_check_def;
void aa_factors_check_discovery(struct aa_audit *a,
    const struct aa_check_def *d);
void aa_factors_check_inventory(struct aa_audit *a,
    const struct aa_check_def *d);

#ifdef AA_TEST_INTERNAL
/*
 * Test-only exports, like OpenSSH's SSHBUF_INTERNAL: visible to the test
 * build (the Makefile defines AA_TEST_INTERNAL for tests/unit, tests/bench
 * and tests/fuzz) and to the file that implements them, never to product
 * code.
 */
size_t aa_factors_dir_count(const struct aa_factors_dir *d);
int aa_factors_cache_is_stale(time_t fetched_at, time_t now, long max_age);
#endif

#endif
