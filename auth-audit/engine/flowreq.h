/*
 * Internal to the flow engine: the HTTP request a step's templates expand
 * to (URL, header lines, body). Every part may hold a secret, so it is
 * wiped on release.
 */
#ifndef AA_FLOWREQ_H
#define AA_FLOWREQ_H

#include <stddef.h>

#include <jansson.h>

#include "auth-audit/engine/flow.h"
#include "auth-audit/engine/tmpl.h"

#define AA_FLOW_MAX_HEADER_LINES 96

struct aa_flow_req {
	const char *method;   /* borrowed from the step, or a literal */
	char *url;
	char *hdr[AA_FLOW_MAX_HEADER_LINES + 1]; /* "Name: value", NULL-terminated */
	size_t nh;
	char *body;           /* NULL: no body */
	size_t body_len;
};

/* Expand step into q (method defaults: POST with a body, else GET).
 * AA_ERR_PROFILE (tc->missing set) on an unknown variable. Release q
 * in every case. */
int aa_flow_req_build(struct aa_tmpl_ctx *tc, const json_t *step,
    const struct aa_step_opts *o, struct aa_flow_req *q);
void aa_flow_req_release(struct aa_flow_req *q);

#endif
