/*
 * Internal to the flow engine: which variables are secrets, and the
 * redacted evidence object of one step.
 */
#ifndef AA_EVIDENCE_H
#define AA_EVIDENCE_H

#include <stddef.h>

#include <jansson.h>

#include "auth-audit/engine/http.h"
#include "auth-audit/core/redact.h"

#define AA_EVIDENCE_BODY 512 /* bytes of each body kept in evidence */

/* 1 if a variable of this name holds a secret (password, code, token...)
 * or is listed in extra (NULL-terminated, may be NULL). */
int aa_evidence_secret_name(const char *name, const char *const *extra);
/* Register the text of v (strings, numbers, arrays of them) as secret. */
int aa_evidence_register(struct aa_redact *r, const json_t *v);

struct aa_evidence_req {
	const char *method;
	const char *url;
	const char *const *headers;  /* "Name: value" lines as sent */
	const char *body;
	size_t body_len;
};

/* {step, request, response, rtt_ms} with every string redacted (new
 * reference, NULL on ENOMEM). resp may be NULL; error (a code) is added
 * as "error" when not AA_OK. */
json_t *aa_evidence_build(const struct aa_redact *r, const char *step,
    const struct aa_evidence_req *rq, const struct aa_response *resp,
    int error);
/* Redact every string of v in place (keys are left alone). */
int aa_evidence_redact(const struct aa_redact *r, json_t *v);

#endif
