/*
 * Error codes of the auth-audit core and modules.
 *
 * Core and module code returns 0 (AA_OK) or one of the negative codes
 * below; only the CLI layer turns them into messages and exit statuses.
 * The table is an X-macro so the code, its name and its description can
 * never drift apart (docs/ARCHITECTURE.md lists them).
 */
#ifndef AA_ERR_H
#define AA_ERR_H

#define AA_ERR_TABLE(X)                                                    \
	X(AA_OK,              0,  "success")                                \
	X(AA_ERR_INTERNAL,   -1,  "internal error")                         \
	X(AA_ERR_NOMEM,      -2,  "out of memory")                          \
	X(AA_ERR_ARG,        -3,  "invalid argument")                       \
	X(AA_ERR_IO,         -4,  "input/output error")                     \
	X(AA_ERR_PARSE,      -5,  "malformed input")                        \
	X(AA_ERR_TOOBIG,     -6,  "input exceeds size limit")               \
	X(AA_ERR_NET,        -7,  "network error")                          \
	X(AA_ERR_TIMEOUT,    -8,  "timed out")                              \
	X(AA_ERR_HTTP,       -9,  "unexpected HTTP response")               \
	X(AA_ERR_CRYPTO,    -10,  "cryptographic failure")                  \
	X(AA_ERR_PASSWORD,  -11,  "wrong password or corrupted data")       \
	X(AA_ERR_UNSUPPORTED,-12, "unsupported format or feature")          \
	X(AA_ERR_BUDGET,    -13,  "a budget of the profile's limits is spent")\
	X(AA_ERR_NOTFOUND,  -14,  "not found")                              \
	X(AA_ERR_DENIED,    -15,  "refused by policy")                      \
	X(AA_ERR_DEVICE,    -16,  "security key error")                     \
	X(AA_ERR_PROFILE,   -17,  "invalid profile")                        \
	X(AA_ERR_STEP,      -18,  "profile step missing")                   \
	X(AA_ERR_DEADLINE,  -19,  "the run's time budget is spent")         \
	X(AA_ERR_INTERRUPTED,-20, "interrupted")                            \
	X(AA_ERR_NOTREG,    -21,  "not a regular file")                     \
	X(AA_ERR_HDRSIZE,   -22,  "response headers over the size limit "   \
	    "(256 KiB in all, 100 KiB a line)")                             \
	X(AA_ERR_HDRCOUNT,  -23,  "response has more than 1000 header lines")

enum aa_err {
#define AA_ERR_ENUM(name, val, desc) name = val,
	AA_ERR_TABLE(AA_ERR_ENUM)
#undef AA_ERR_ENUM
};

/* Human description of an error code; never NULL. */
const char *aa_strerr(int code);
/* Symbolic name ("AA_ERR_NET") of an error code; never NULL. */
const char *aa_errname(int code);

/*
 * A diagnostic the core fills when it fails on outside input, so the CLI
 * can say where and what: "profile.json: /steps/login/ok: expected object".
 */
struct aa_diag {
	char msg[512];
};

/* Format into diag (if non-NULL); returns code so callers can `return`. */
int aa_diag_set(struct aa_diag *diag, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
