#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/profile/profile_parts.h"

int
aa_profile_err(struct aa_pctx *c, const char *ptr, const char *fmt, ...)
{
	char msg[384];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return aa_diag_set(c->diag, AA_ERR_PROFILE, "%s: %s: %s", c->file,
	    ptr[0] != '\0' ? ptr : "/", msg);
}

void
aa_limits_default(struct aa_limits *l)
{
	l->max_requests = 3000;
	l->max_rps = 50;
	l->timeout_ms = 10000;
	l->max_body = 4u * 1024 * 1024;
	l->max_sms = 60;
	l->max_guesses = 100;
	l->sms_budget_usd = 1000;
	l->max_seconds = 3600;
	l->max_wait_ms = 60000;
}

/* Integer member in [lo, hi]; absent leaves *out unchanged. */
static int
int_member(struct aa_pctx *c, const json_t *o, const char *key, long long lo,
    long long hi, long long *out)
{
	const json_t *v = json_object_get(o, key);
	char ptr[64];

	if (v == NULL)
		return AA_OK;
	snprintf(ptr, sizeof(ptr), "/limits/%s", key);
	if (!json_is_integer(v) || json_integer_value(v) < lo ||
	    json_integer_value(v) > hi)
		return aa_profile_err(c, ptr, "expected an integer %lld..%lld",
		    lo, hi);
	*out = json_integer_value(v);
	return AA_OK;
}

static int
num_member(struct aa_pctx *c, const json_t *o, const char *key, double lo,
    double hi, int open_lo, double *out)
{
	const json_t *v = json_object_get(o, key);
	char ptr[64];
	double d;

	if (v == NULL)
		return AA_OK;
	snprintf(ptr, sizeof(ptr), "/limits/%s", key);
	d = json_number_value(v);
	if (!json_is_number(v) || d < lo || d > hi || (open_lo && d <= lo))
		return aa_profile_err(c, ptr, "expected a number %s%g..%g",
		    open_lo ? "above " : "", lo, hi);
	*out = d;
	return AA_OK;
}

int
aa_profile_limits(struct aa_pctx *c, const json_t *v, struct aa_limits *l)
{
	long long n;
	int r;

	aa_limits_default(l);
	if (v == NULL)
		return AA_OK;
	static const char *const known[] = { "max_requests", "max_rps",
		"timeout_ms", "max_body", "max_sms", "max_guesses",
		"sms_budget_usd", "max_seconds", "max_wait_ms", NULL };

	if (!json_is_object(v))
		return aa_profile_err(c, "/limits", "expected an object");
	if ((r = aa_profile_known(c, v, "/limits", known)) != AA_OK)
		return r;
	n = (long long)l->max_requests;
	if ((r = int_member(c, v, "max_requests", 1, 10000000, &n)) != AA_OK)
		return r;
	l->max_requests = (unsigned long)n;
	n = l->timeout_ms;
	if ((r = int_member(c, v, "timeout_ms", 100, 600000, &n)) != AA_OK)
		return r;
	l->timeout_ms = (long)n;
	n = (long long)l->max_body;
	if ((r = int_member(c, v, "max_body", 1024, 256LL * 1024 * 1024,
	    &n)) != AA_OK)
		return r;
	l->max_body = (size_t)n;
	n = (long long)l->max_sms;
	if ((r = int_member(c, v, "max_sms", 0, 100000, &n)) != AA_OK)
		return r;
	l->max_sms = (unsigned long)n;
	n = (long long)l->max_guesses;
	if ((r = int_member(c, v, "max_guesses", 0, 1000000, &n)) != AA_OK)
		return r;
	l->max_guesses = (unsigned long)n;
	n = l->max_seconds;
	if ((r = int_member(c, v, "max_seconds", 1, 7 * 86400, &n)) != AA_OK)
		return r;
	l->max_seconds = (long)n;
	n = l->max_wait_ms;
	if ((r = int_member(c, v, "max_wait_ms", 0, 3600000, &n)) != AA_OK)
		return r;
	l->max_wait_ms = (long)n;
	if ((r = num_member(c, v, "max_rps", 0, 10000, 1, &l->max_rps)) != AA_OK)
		return r;
	return num_member(c, v, "sms_budget_usd", 0, 1e9, 0,
	    &l->sms_budget_usd);
}

void
aa_profile_account_clear(struct aa_account *a)
{
	free(a->username);
	aa_secret_free(&a->password);
	free(a->phone);
	free(a->email);
	json_decref(a->fields);
	memset(a, 0, sizeof(*a));
}

static int
e164_ok(const char *s)
{
	size_t n = 0;

	if (*s++ != '+')
		return 0;
	for (; *s != '\0'; s++, n++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return n >= 6 && n <= 15;
}

int
aa_profile_str_member(struct aa_pctx *c, const json_t *o, const char *key,
    const char *ptr, size_t max, char **out)
{
	const json_t *v = json_object_get(o, key);

	if (v == NULL)
		return AA_OK;
	if (!json_is_string(v) || json_string_length(v) == 0 ||
	    json_string_length(v) > max ||
	    strlen(json_string_value(v)) != json_string_length(v))
		return aa_profile_err(c, ptr, "expected a non-empty string");
	if ((*out = strdup(json_string_value(v))) == NULL)
		return AA_ERR_NOMEM;
	return AA_OK;
}

/* Optional string member of account i; *out stays NULL when absent. */
static int
acct_str(struct aa_pctx *c, const json_t *o, size_t i, const char *key,
    char **out)
{
	char ptr[64];

	snprintf(ptr, sizeof(ptr), "/accounts/%zu/%s", i, key);
	return aa_profile_str_member(c, o, key, ptr, 256, out);
}

static int
account(struct aa_pctx *c, const json_t *o, size_t i, struct aa_account *a)
{
	const json_t *pw = json_object_get(o, "password");
	const json_t *env = json_object_get(o, "password_env");
	char ptr[64];
	const char *ev;
	int r;

	snprintf(ptr, sizeof(ptr), "/accounts/%zu", i);
	if (!json_is_object(o))
		return aa_profile_err(c, ptr, "expected an object");
	if ((r = acct_str(c, o, i, "username", &a->username)) != AA_OK ||
	    (r = acct_str(c, o, i, "phone", &a->phone)) != AA_OK ||
	    (r = acct_str(c, o, i, "email", &a->email)) != AA_OK)
		return r;
	if (a->username == NULL)
		return aa_profile_err(c, ptr, "missing \"username\"");
	snprintf(ptr, sizeof(ptr), "/accounts/%zu/phone", i);
	if (a->phone != NULL && !e164_ok(a->phone))
		return aa_profile_err(c, ptr, "expected E.164 such as "
		    "\"+15555550101\"");
	snprintf(ptr, sizeof(ptr), "/accounts/%zu/email", i);
	if (a->email != NULL && strchr(a->email, '@') == NULL)
		return aa_profile_err(c, ptr, "expected an e-mail address");
	snprintf(ptr, sizeof(ptr), "/accounts/%zu", i);
	if ((pw == NULL) == (env == NULL))
		return aa_profile_err(c, ptr, "exactly one of \"password\" and "
		    "\"password_env\" is required");
	if (pw != NULL) {
		snprintf(ptr, sizeof(ptr), "/accounts/%zu/password", i);
		if (!json_is_string(pw) || json_string_length(pw) > 1024)
			return aa_profile_err(c, ptr, "expected a string");
		a->password = aa_secret_new(json_string_value(pw),
		    json_string_length(pw));
	} else {
		snprintf(ptr, sizeof(ptr), "/accounts/%zu/password_env", i);
		if (!json_is_string(env) || json_string_length(env) == 0)
			return aa_profile_err(c, ptr, "expected the name of an "
			    "environment variable");
		if ((ev = getenv(json_string_value(env))) == NULL)
			return aa_profile_err(c, ptr, "environment variable %s "
			    "is not set", json_string_value(env));
		a->password = aa_secret_new_str(ev);
	}
	if (a->password == NULL)
		return AA_ERR_NOMEM;
	/* Every other member is a template variable; secrets are not. */
	if ((a->fields = json_deep_copy(o)) == NULL)
		return AA_ERR_NOMEM;
	json_object_del(a->fields, "password");
	json_object_del(a->fields, "password_env");
	return AA_OK;
}

int
aa_profile_accounts(struct aa_pctx *c, const json_t *v, struct aa_profile *p)
{
	size_t i;
	int r;

	if (v == NULL)
		return aa_profile_err(c, "/accounts", "missing (1 to %d test "
		    "accounts are required)", AA_MAX_ACCOUNTS);
	if (!json_is_array(v) || json_array_size(v) == 0 ||
	    json_array_size(v) > AA_MAX_ACCOUNTS)
		return aa_profile_err(c, "/accounts", "expected an array of 1 "
		    "to %d accounts", AA_MAX_ACCOUNTS);
	for (i = 0; i < json_array_size(v); i++) {
		p->naccounts = i + 1;
		if ((r = account(c, json_array_get(v, i), i, &p->accounts[i])) !=
		    AA_OK)
			return r;
	}
	return AA_OK;
}
