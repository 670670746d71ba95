/*
 * auth-lab: the HTTP target every check is tested against.
 *
 * One libmicrohttpd daemon on loopback, hardened by default, every weakness
 * switched on by check ID (`--weak AUTH-LOGOUT,TOTP-REPLAY`). It serves two
 * API shapes (`--shape a|b`) that differ in paths, body encoding, member
 * names, status codes and cookie names, so the auditor has to go through
 * the profiles (tests/lab/profile-a.json, profile-b.json) for everything.
 *
 * Module files never see libmicrohttpd: a handler gets a parsed request
 * (struct lab_req) and fills a response (struct lab_resp) with the helpers
 * below. Handlers run one at a time: the framework holds lab->mu around
 * every handler call, so module state needs no locking of its own.
 *
 * ---- Plugging in a module (tests/lab/lab_<module>.c) -----------------------
 *   static int totp_verify(struct lab *lab, struct lab_req *rq,
 *       struct lab_resp *rs) { ... }
 *   static const struct lab_route routes[] = {
 *       { "POST", "/api/2fa/totp", "/account/2fa/app", totp_verify },
 *   };
 *   const struct lab_module lab_mod_totp = {
 *       .name = "totp", .routes = routes,
 *       .nroutes = sizeof routes / sizeof routes[0],
 *       .init = totp_init, .fini = totp_fini,       (optional hooks)
 *   };
 * and add `&lab_mod_totp,` to the table in tests/lab/lab_modules.c (the
 * extern declarations are already below). path_a / path_b NULL = the route
 * does not exist in that shape. A path segment "{name}" matches one segment;
 * read it with lab_req_param(rq, "name").
 *
 * Per-module state: keep it `static` in your own file, indexed by
 * user->idx (0 .. LAB_MAX_USERS-1) for per-account state, or by session
 * through lab_session.ext[] (see there). init() runs after the accounts
 * exist and may enable factors; fini() frees.
 *
 * ---- Accounts --------------------------------------------------------------
 * The lab has three accounts (tests/lab/README.md has the table):
 *   audit-a / lab-pass-a / +15555550101 / audit-a@lab.test   (id 1001)
 *   audit-b / lab-pass-b / +15555550102 / audit-b@lab.test   (id 1002)
 *   audit-c / lab-pass-c / +15555550103 / audit-c@lab.test   (id 1003, victim)
 * They start WITHOUT any second factor, and the service makes 2FA
 * mandatory: logging in to an account with no factor gives a session in
 * state ENROLL, which may only enroll a factor (recovery_codes step,
 * totp_enroll/totp_confirm, webauthn registration: endpoints gated by
 * lab_require_enroll()) and then pass that factor's verify step; the
 * protected resource refuses it. Logging in to an account with a factor
 * gives state PENDING, which only a verify step of an enabled factor
 * completes. So the password alone never reaches the protected resource
 * (hardened), and the auditor bootstraps itself from a fresh lab.
 *
 * ---- Second-factor verify endpoints ----------------------------------------
 * Use lab_second_factor(): it checks the session, reads the code member
 * (canonical "code"), applies AUTH-OTP-EMPTY / AUTH-OTP-NOT-BOUND, the
 * lockout counters, calls your verify callback, completes the login
 * (new session id unless AUTH-SESSION-FIXATION is weak) and replies.
 */
#ifndef AA_LAB_H
#define AA_LAB_H

#include <pthread.h>
#include <stddef.h>
#include <time.h>

#include <jansson.h>

#include "tests/lab/lab_util.h"

#define LAB_MAX_USERS 8
#define LAB_MAX_SESSIONS 4096       /* oldest is evicted past this */
#define LAB_MAX_BODY (1024 * 1024)  /* larger request bodies: 413 */
#define LAB_MAX_HEADERS 64          /* more request headers: 431 */
#define LAB_MAX_PARAMS 4            /* {name} segments per route */
#define LAB_MAX_RESP_HEADERS 16
#define LAB_MAX_WEAK 64
#define LAB_SESSION_ID_LEN 43       /* 32 random bytes, base64url */
#define LAB_SESSION_EXT 4
#define LAB_RECOVERY_N 10           /* recovery codes per account */
#define LAB_LOCK_AFTER 5            /* consecutive wrong codes before lock */

/* ---- configuration and weaknesses ------------------------------------- */

struct lab_user;
struct lab_session;

struct lab {
	char shape;                 /* 'a' or 'b' */
	const char *weak[LAB_MAX_WEAK]; /* check IDs switched to weak */
	size_t nweak;
	const char *sms_api;        /* --sms-api base URL or NULL */
	unsigned totp_period;       /* --totp-period, seconds (30) */
	int fido_uv_required;       /* --fido-uv-required: every WebAuthn
	                               ceremony asks for and checks UV */
	unsigned sms_window;        /* --sms-window, seconds of every send
	                               limit (600) */
	unsigned sms_per_account;   /* --sms-per-account: sends an account
	                               may make to numbers it chose per
	                               window (0: no such limit) */
	char host[64];              /* listen address, loopback only */
	unsigned port;              /* actual port after start */
	pthread_mutex_t mu;         /* held around every handler call */
	struct lab_user *users[LAB_MAX_USERS];
	size_t nusers;
	struct lab_session *sessions[LAB_MAX_SESSIONS];
	size_t nsessions;
	void *daemon;               /* struct MHD_Daemon *, framework only */
};

/* 1 if check `id` was switched weak with --weak, else 0. */
int lab_weak(const struct lab *lab, const char *id);

/*
 * Canonical field name -> this shape's member name (JSON member in shape a,
 * form field in shape b). Unknown names map to themselves.
 *   canonical   shape a      shape b
 *   username    username     login
 *   password    password     passwd
 *   code        code         otp
 *   factor      factor       method
 *   phone       phone        msisdn
 *   user_id     user_id      uid
 *   email       email        mail
 */
const char *lab_field(const struct lab *lab, const char *canonical);

/* Current time (seconds); one place so tests of modules agree. */
time_t lab_now(void);
/* RAND_bytes; aborts the process if the CSPRNG fails (nothing sane to do). */
void lab_rand_bytes(void *p, size_t n);
/* n random bytes as unpadded base64url into out (needs 4*n/3+2 bytes). */
void lab_rand_token(char *out, size_t outlen, size_t n);

/* ---- factors and accounts -------------------------------------------- */

enum lab_factor {
	LAB_F_TOTP,
	LAB_F_SMS,
	LAB_F_WEBAUTHN,
	LAB_F_RECOVERY,
	LAB_NFACTORS
};

/* "totp" "sms" "webauthn" "recovery_codes" (the report's names, both shapes) */
const char *lab_factor_name(enum lab_factor f);
/* Name -> factor; -1 if unknown. */
int lab_factor_parse(const char *name);

/* Consecutive-failure counter and lock of one factor (user or session). */
struct lab_lock {
	unsigned fails;
	int locked;      /* stays locked until the lab restarts */
};

struct lab_user {
	size_t idx;               /* 0 .. nusers-1 */
	long id;                  /* 1001, 1002, 1003 */
	const char *username;
	char *password;           /* wiped on free */
	const char *phone;        /* E.164 */
	const char *email;
	const char *display;
	unsigned factors;         /* bit (1u << LAB_F_x) = enabled */
	struct lab_lock lock[LAB_NFACTORS];
	/* recovery codes (lab_auth.c): current set, used flags */
	char *recovery[LAB_RECOVERY_N];
	int recovery_used[LAB_RECOVERY_N];
};

struct lab_user *lab_user_by_name(struct lab *lab, const char *username);
struct lab_user *lab_user_by_id(struct lab *lab, long id);
/*
 * The user id as the shape shows it: shape a the number 1001 (member "id"
 * in "user"), shape b the string "u1001" (member "uid" in "account").
 * Returns a new reference.
 */
json_t *lab_user_ref(const struct lab *lab, const struct lab_user *u);
/* Inverse, for path parameters: "1001" (a) / "u1001" (b); NULL if none. */
struct lab_user *lab_user_by_ref(struct lab *lab, const char *s);
int lab_user_has_factor(const struct lab_user *u, enum lab_factor f);
void lab_user_factor_enable(struct lab_user *u, enum lab_factor f);
/* Disables f and calls every module's on_factor_disabled hook. */
void lab_user_factor_disable(struct lab *lab, struct lab_user *u,
    enum lab_factor f);
/* JSON array of the enabled factor names (new reference). */
json_t *lab_user_factors_json(const struct lab_user *u);
/* Constant-time password check. */
int lab_user_password_ok(const struct lab_user *u, const char *password);

/* ---- sessions ---------------------------------------------------------- */

enum lab_sess_state {
	LAB_SESS_PENDING,   /* password ok, second factor outstanding */
	LAB_SESS_FULL,      /* fully authenticated */
	LAB_SESS_ENROLL,    /* password ok, account has no factor: may only
	                     * enroll one and verify it */
};

struct lab_session {
	char id[LAB_SESSION_ID_LEN + 1];
	struct lab_user *user;
	enum lab_sess_state state;
	time_t created;
	char client_ip[64];
	struct lab_lock lock[LAB_NFACTORS]; /* for per-session counters (weak) */
	/* Module scratch, freed by the module's fini or on_session_end. */
	void *ext[LAB_SESSION_EXT];
};

/* Module slots in lab_session.ext[]. */
enum lab_ext_slot { LAB_EXT_TOTP, LAB_EXT_SMS, LAB_EXT_FIDO, LAB_EXT_OTHER };

/* Cookie name of the session: shape a "sid", shape b "SESSION_ID". */
const char *lab_session_cookie(const struct lab *lab);
/* New session for u in `state` (NULL on OOM). */
struct lab_session *lab_session_new(struct lab *lab, struct lab_user *u,
    enum lab_sess_state state);
struct lab_session *lab_session_find(struct lab *lab, const char *id);
/* Invalidate server-side and free. */
void lab_session_end(struct lab *lab, struct lab_session *s);

/* ---- requests and responses ------------------------------------------- */

struct lab_req {
	const char *method;
	const char *path;          /* without the query string */
	const char *client_ip;     /* socket peer, "127.0.0.1" */
	const char *body;          /* raw body, NUL-terminated (may be "") */
	size_t body_len;
	/*
	 * The body as a JSON object: in shape a the parsed JSON (real types:
	 * null, numbers, arrays reach the handler); in shape b the form fields
	 * as strings. Never NULL (empty object when there is no body). A body
	 * that is not a JSON object (a) or not a form (b) gets a 400 before
	 * any handler runs.
	 */
	json_t *in;
	int in_is_json;            /* 1 shape a JSON, 0 form */
	struct lab_session *sess;  /* from the shape's cookie; NULL if none */
	struct lab_user *user;     /* sess->user or NULL */
	struct {
		char name[32];
		char *value;
	} params[LAB_MAX_PARAMS];  /* use lab_req_param() */
	size_t nparams;
	void *conn;                /* framework only */
};

/* Request header (case-insensitive) or NULL. */
const char *lab_req_header(const struct lab_req *rq, const char *name);
/* Query-string argument or NULL. */
const char *lab_req_query(const struct lab_req *rq, const char *name);
/* Path parameter "{name}" or NULL. */
const char *lab_req_param(const struct lab_req *rq, const char *name);
/* rq->in[lab_field(canonical)] if it is a string, else NULL. */
const char *lab_in_str(const struct lab *lab, const struct lab_req *rq,
    const char *canonical);

struct lab_resp {
	unsigned status;
	json_t *json;              /* body (owned) or NULL */
	char *text;                /* used when json is NULL (owned) */
	const char *content_type;  /* for text; default text/plain */
	struct {
		char *name;
		char *value;
	} hdr[LAB_MAX_RESP_HEADERS];
	size_t nhdr;
};

/* Add a response header (copied; Set-Cookie may appear several times). */
int lab_resp_header(struct lab_resp *rs, const char *name, const char *value);

/* Reply `status` with body j (stolen). Returns 0 (return it from handlers). */
int lab_reply_json(struct lab_resp *rs, unsigned status, json_t *j);
/* Reply a plain text body (copied). */
int lab_reply_text(struct lab_resp *rs, unsigned status, const char *ctype,
    const char *text);
/*
 * Success in the shape's envelope: shape a {"ok":true, ...extra},
 * shape b {"status":"success", ...extra}; HTTP 200. extra (object,
 * stolen) may be NULL.
 */
int lab_reply_ok(struct lab *lab, struct lab_resp *rs, json_t *extra);

enum lab_err {
	LAB_E_BAD_REQUEST,   /* a 400 bad_request          b 400 error     */
	LAB_E_CREDENTIALS,   /* a 401 invalid_credentials  b 200 denied    */
	LAB_E_AUTH,          /* a 401 unauthenticated      b 403 error     */
	LAB_E_MFA_REQUIRED,  /* a 401 mfa_required         b 403 error     */
	LAB_E_FORBIDDEN,     /* a 403 forbidden            b 403 error     */
	LAB_E_NOT_FOUND,     /* a 404 not_found            b 404 error     */
	LAB_E_METHOD,        /* a 405 method_not_allowed   b 405 error     */
	LAB_E_CODE,          /* a 401 invalid_code         b 200 denied    */
	LAB_E_REAUTH,        /* a 403 reauth_required      b 403 denied    */
	LAB_E_LOCKED,        /* a 429 locked               b 423 locked    */
	LAB_E_RATE,          /* a 429 rate_limited         b 429 error     */
	LAB_E_CONFLICT,      /* a 409 conflict             b 409 error     */
	LAB_E_TOO_BIG,       /* a 413 too_large            b 413 error     */
	LAB_E_UNAVAILABLE,   /* a 503 unavailable          b 503 error     */
	LAB_E_INTERNAL,      /* a 500 internal             b 500 error     */
};

/*
 * Failure in the shape's envelope: shape a {"ok":false,"error":"<name>"},
 * shape b {"status":"denied"|"error"|"locked","message":"<text>"} with
 * the statuses above. Note shape b answers wrong passwords and wrong codes
 * with HTTP 200 and "status":"denied": only the profile's `ok` rule tells.
 */
int lab_reply_error(struct lab *lab, struct lab_resp *rs, enum lab_err e);

/*
 * Session cookie for s: "<name>=<id>; Path=/; HttpOnly; SameSite=Lax"
 * (no Secure: the lab is plain http on loopback). With AUTH-COOKIE-FLAGS
 * weak: "<name>=<id>; Path=/" only.
 */
int lab_set_session_cookie(struct lab *lab, struct lab_resp *rs,
    const struct lab_session *s);
/* Expire the cookie on the client (Max-Age=0). */
int lab_clear_session_cookie(struct lab *lab, struct lab_resp *rs);

/* ---- authentication gates ---------------------------------------------- */

/*
 * 1 when the request is fully authenticated: session state FULL, or a
 * PENDING / ENROLL session with AUTH-2FA-SKIP weak, or one carrying
 * X-Forwarded-For / X-Real-IP / X-Originating-IP / X-Client-IP 127.0.0.1
 * with AUTH-TRUSTED-HEADER weak. Does not reply.
 */
int lab_is_full(struct lab *lab, const struct lab_req *rq);
/* lab_is_full() or reply AUTH / MFA_REQUIRED and return 0. */
int lab_require_full(struct lab *lab, struct lab_req *rq,
    struct lab_resp *rs);
/*
 * For enrollment endpoints: lab_is_full(), or an ENROLL session (an
 * account without any factor enrolling its first). Else replies like
 * lab_require_full() and returns 0.
 */
int lab_require_enroll(struct lab *lab, struct lab_req *rq,
    struct lab_resp *rs);
/* 1 if the request carries a trusted-proxy header saying 127.0.0.1. */
int lab_trusted_header(const struct lab_req *rq);

/*
 * Move s to FULL after a second factor. Hardened: a new session with a new
 * id replaces s (s is freed; rq->sess/rq->user are updated) and its cookie
 * is set on rs; ext[] and the per-session locks move to the new session.
 * AUTH-SESSION-FIXATION weak: s keeps its id. Returns the
 * session now in force (NULL on OOM).
 */
struct lab_session *lab_session_complete_2fa(struct lab *lab,
    struct lab_req *rq, struct lab_resp *rs);

/* ---- second-factor codes ----------------------------------------------- */

enum lab_code_res {
	LAB_CODE_OK,         /* accepted */
	LAB_CODE_BAD,        /* wrong code (counted) */
	LAB_CODE_LOCKED,     /* factor locked, code not even looked at */
	LAB_CODE_MALFORMED,  /* missing / null / empty / non-string / > 64 chars */
};

struct lab_code_spec {
	enum lab_factor factor;
	/* 1 if `code` is valid for u now (and consume it if single use). */
	int (*verify)(struct lab *lab, struct lab_user *u, const char *code,
	    void *ctx);
	void *ctx;
	/* Counter to use: NULL = u->lock[factor] (per account, hardened). */
	struct lab_lock *lock;
	unsigned max_fails;  /* lock after this many consecutive failures; 0 = never */
	int ignore_lock;     /* still accept a correct code when locked (weak) */
	int skip_enabled;    /* do not require the factor to be enabled for u */
};

/*
 * Check the code member (canonical "code") of rq->in for user u.
 * AUTH-OTP-EMPTY weak: a malformed code counts as LAB_CODE_OK.
 * AUTH-OTP-NOT-BOUND weak: a code valid for ANY account is LAB_CODE_OK.
 * Wrong codes count on the lock; a success resets the count.
 */
enum lab_code_res lab_code_check(struct lab *lab, struct lab_req *rq,
    struct lab_user *u, const struct lab_code_spec *spec);

/*
 * The whole verify endpoint of a login factor: needs a session (pending,
 * enroll, or full: a full session re-verifies, a valid code is still
 * required, nothing changes), the
 * factor enabled for the session's user, then lab_code_check(); on success
 * completes the 2FA (pending / enroll -> full) and replies ok with
 * {"factor": name}; else
 * replies CODE / LOCKED / BAD_REQUEST (malformed) / AUTH.
 */
int lab_second_factor(struct lab *lab, struct lab_req *rq,
    struct lab_resp *rs, const struct lab_code_spec *spec);

/* ---- modules ------------------------------------------------------------ */

typedef int (*lab_handler_fn)(struct lab *lab, struct lab_req *rq,
    struct lab_resp *rs);

struct lab_route {
	const char *method;
	const char *path_a;    /* NULL: not in shape a */
	const char *path_b;    /* NULL: not in shape b */
	lab_handler_fn fn;
};

struct lab_module {
	const char *name;
	const struct lab_route *routes;
	size_t nroutes;
	int (*init)(struct lab *lab);     /* may be NULL; 0 = ok */
	void (*fini)(struct lab *lab);    /* may be NULL */
	/* A factor of u was disabled (factor_disable step): drop its state. */
	void (*on_factor_disabled)(struct lab *lab, struct lab_user *u,
	    enum lab_factor f);           /* may be NULL */
	/* Session s is about to be freed: free its ext[] slot. May be NULL. */
	void (*on_session_end)(struct lab *lab, struct lab_session *s);
};

/* NULL-terminated table in lab_modules.c (one line per module). */
extern const struct lab_module *const lab_modules[];

extern const struct lab_module lab_mod_auth;
extern const struct lab_module lab_mod_totp;
extern const struct lab_module lab_mod_sms;
extern const struct lab_module lab_mod_fido;
extern const struct lab_module lab_mod_wellknown;

#endif
