/*
 * Framework-internal interfaces of auth-lab (not for module files): the
 * HTTP daemon, routing, form parsing and the account/session store's
 * lifecycle. Modules use tests/lab/lab.h only.
 */
#ifndef AA_LAB_INT_H
#define AA_LAB_INT_H

#include <stddef.h>

#include <jansson.h>

#include "tests/lab/lab.h"

/* Parse an application/x-www-form-urlencoded body (bounded by
 * LAB_MAX_BODY, at most LAB_FORM_MAX_FIELDS fields) into an object of
 * strings. Later duplicates win. LAB_OK, LAB_ERR_PARSE or LAB_ERR_TOOBIG. */
#define LAB_FORM_MAX_FIELDS 128
int lab_form_parse(const char *s, size_t len, json_t **out);

/* Accounts: create the fixed test accounts / free them. */
int lab_users_init(struct lab *lab);
/* --passwords FILE: "username:password" lines replace the built-in ones. */
int lab_users_passwords(struct lab *lab, const char *path);
void lab_users_fini(struct lab *lab);
/* End every session. */
void lab_sessions_fini(struct lab *lab);

/* Route a parsed request to a module handler; fills rs (always). */
void lab_dispatch(struct lab *lab, struct lab_req *rq, struct lab_resp *rs);
/* Release what a response owns. */
void lab_resp_release(struct lab_resp *rs);

/* Start / stop the daemon on lab->host:lab->port (port 0 = any; the
 * chosen port is written back to lab->port). */
int lab_http_start(struct lab *lab);
void lab_http_stop(struct lab *lab);

/* Modules' init (in table order) / fini (reverse). */
int lab_modules_init(struct lab *lab);
void lab_modules_fini(struct lab *lab);

/* Recovery codes (lab_recovery.c), routed by lab_auth.c. */
int lab_recovery_generate(struct lab *lab, struct lab_req *rq,
    struct lab_resp *rs);
int lab_recovery_verify(struct lab *lab, struct lab_req *rq,
    struct lab_resp *rs);
void lab_recovery_on_disabled(struct lab *lab, struct lab_user *u,
    enum lab_factor f);

#endif
