/*
 * Result building for the AUTH-* checks: the evidence object, the missing
 * step, the reason of an error, and the module's scratch state.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/auth/auth_int.h"
#include "auth-audit/core/err.h"
#include "auth-audit/report/report.h"

void
aa_auth_state_free(void *p)
{
	struct aa_auth_state *st = p;

	if (st == NULL)
		return;
	for (size_t i = 0; i < AA_MAX_ACCOUNTS; i++)
		for (size_t k = 0; k < st->acct[i].ncodes; k++)
			aa_freezero(st->acct[i].codes[k],
			    strlen(st->acct[i].codes[k]));
	free(st);
}

struct aa_auth_state *
aa_auth_state(struct aa_audit *a)
{
	return aa_audit_state(a, &aa_auth_module, sizeof(struct aa_auth_state));
}

int
aa_auth_ck_init(struct aa_auth_ck *c, struct aa_audit *a,
    enum aa_check_id id)
{
	memset(c, 0, sizeof(*c));
	c->a = a;
	c->id = id;
	c->ev = json_object();
	c->trail = json_array();
	if (c->ev == NULL || c->trail == NULL ||
	    json_object_set_new(c->ev, "requests", c->trail) != 0) {
		json_decref(c->ev);
		c->ev = NULL;
		c->trail = NULL;
		return AA_ERR_NOMEM;
	}
	if (aa_auth_state(a) == NULL)
		return AA_ERR_NOMEM;
	return AA_OK;
}

void
aa_auth_ck_done(struct aa_auth_ck *c, int rc)
{
	if (!c->reported && c->a != NULL) {
		if (rc != AA_OK)
			aa_auth_ck_report_rc(c, rc);
		else
			aa_auth_ck_report(c, AA_ERROR,
			    "internal error: check ended without a result");
	}
	json_decref(c->ev);
	json_decref(c->set_cookies);
	c->ev = NULL;
	c->trail = NULL;
	c->set_cookies = NULL;
}

void
aa_auth_ck_set(struct aa_auth_ck *c, const char *key, json_t *v)
{
	if (c->ev != NULL && v != NULL)
		json_object_set_new(c->ev, key, v);
	else
		json_decref(v);
}

void
aa_auth_ck_report(struct aa_auth_ck *c, enum aa_status st,
    const char *fmt, ...)
{
	char line[512];
	va_list ap;
	json_t *ev = c->ev;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (ev != NULL) {
		json_object_set_new(ev, "summary", json_string(line));
		if (json_array_size(c->trail) == 0)
			json_object_del(ev, "requests");
	}
	c->ev = NULL;
	c->trail = NULL;
	c->reported = 1;
	aa_audit_report(c->a, c->id, st, ev, "%s", line);
}

int
aa_auth_ck_why(struct aa_auth_ck *c, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->why, sizeof(c->why), fmt, ap);
	va_end(ap);
	return rc;
}

void
aa_auth_ck_report_rc(struct aa_auth_ck *c, int rc)
{
	if (rc == AA_ERR_STEP) {
		aa_auth_ck_report(c, AA_NOT_TESTED, "%s",
		    c->why[0] != '\0' ? c->why : "a needed profile step is missing");
		return;
	}
	if (c->why[0] == '\0')
		snprintf(c->why, sizeof(c->why), "%s", aa_strerr(rc));
	aa_auth_ck_set(c, "error", json_string(aa_errname(rc)));
	aa_auth_ck_report(c, AA_ERROR, "could not finish: %s", c->why);
}
