/*
 * auth-lab framework basics: weakness switches, the shapes' field names
 * and envelopes, randomness, response helpers.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/rand.h>

#include "tests/lab/lab.h"
#include "tests/lab/lab_int.h"

int
lab_weak(const struct lab *lab, const char *id)
{
	for (size_t i = 0; i < lab->nweak; i++)
		if (strcmp(lab->weak[i], id) == 0)
			return 1;
	return 0;
}

static const struct {
	const char *canon, *b;
} field_map[] = {
	{ "username", "login" },
	{ "password", "passwd" },
	{ "code", "otp" },
	{ "factor", "method" },
	{ "phone", "msisdn" },
	{ "user_id", "uid" },
	{ "email", "mail" },
};

const char *
lab_field(const struct lab *lab, const char *canonical)
{
	if (lab->shape != 'b')
		return canonical;
	for (size_t i = 0; i < sizeof field_map / sizeof field_map[0]; i++)
		if (strcmp(field_map[i].canon, canonical) == 0)
			return field_map[i].b;
	return canonical;
}

time_t
lab_now(void)
{
	return time(NULL);
}

void
lab_rand_bytes(void *p, size_t n)
{
	if (n > 0 && RAND_bytes(p, (int)n) != 1)
		abort();
}

void
lab_rand_token(char *out, size_t outlen, size_t n)
{
	static const char b64u[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	unsigned char raw[64];
	size_t o = 0;
	unsigned acc = 0;
	int bits = 0;

	if (outlen == 0)
		return;
	if (n > sizeof raw)
		n = sizeof raw;
	lab_rand_bytes(raw, n);
	for (size_t i = 0; i < n && o + 1 < outlen; i++) {
		acc = (acc << 8) | raw[i];
		bits += 8;
		while (bits >= 6 && o + 1 < outlen) {
			bits -= 6;
			out[o++] = b64u[(acc >> bits) & 0x3f];
		}
	}
	if (bits > 0 && o + 1 < outlen)
		out[o++] = b64u[(acc << (6 - bits)) & 0x3f];
	out[o] = '\0';
	lab_wipe(raw, sizeof raw);
}

/* ---- requests ------------------------------------------------------------ */

const char *
lab_req_param(const struct lab_req *rq, const char *name)
{
	for (size_t i = 0; i < rq->nparams; i++)
		if (strcmp(rq->params[i].name, name) == 0)
			return rq->params[i].value;
	return NULL;
}

const char *
lab_in_str(const struct lab *lab, const struct lab_req *rq,
    const char *canonical)
{
	const json_t *v = json_object_get(rq->in, lab_field(lab, canonical));

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* ---- responses ----------------------------------------------------------- */

int
lab_resp_header(struct lab_resp *rs, const char *name, const char *value)
{
	char *n, *v;

	if (rs->nhdr >= LAB_MAX_RESP_HEADERS)
		return LAB_ERR_TOOBIG;
	n = strdup(name);
	v = strdup(value);
	if (n == NULL || v == NULL) {
		free(n);
		free(v);
		return LAB_ERR_NOMEM;
	}
	rs->hdr[rs->nhdr].name = n;
	rs->hdr[rs->nhdr].value = v;
	rs->nhdr++;
	return LAB_OK;
}

void
lab_resp_release(struct lab_resp *rs)
{
	json_decref(rs->json);
	rs->json = NULL;
	free(rs->text);
	rs->text = NULL;
	for (size_t i = 0; i < rs->nhdr; i++) {
		free(rs->hdr[i].name);
		free(rs->hdr[i].value);
	}
	rs->nhdr = 0;
}

int
lab_reply_json(struct lab_resp *rs, unsigned status, json_t *j)
{
	json_decref(rs->json);
	free(rs->text);
	rs->text = NULL;
	rs->status = status;
	rs->json = j;
	return 0;
}

int
lab_reply_text(struct lab_resp *rs, unsigned status, const char *ctype,
    const char *text)
{
	json_decref(rs->json);
	rs->json = NULL;
	free(rs->text);
	rs->text = strdup(text != NULL ? text : "");
	rs->content_type = ctype;
	rs->status = rs->text != NULL ? status : 500;
	return 0;
}

int
lab_reply_ok(struct lab *lab, struct lab_resp *rs, json_t *extra)
{
	json_t *j = json_object();

	if (j == NULL) {
		json_decref(extra);
		return lab_reply_text(rs, 500, NULL, "out of memory\n");
	}
	if (lab->shape == 'b')
		json_object_set_new(j, "status", json_string("success"));
	else
		json_object_set_new(j, "ok", json_true());
	if (json_is_object(extra))
		json_object_update(j, extra);
	json_decref(extra);
	return lab_reply_json(rs, 200, j);
}

static const struct {
	unsigned sa;
	const char *na;
	unsigned sb;
	const char *kb;  /* shape b "status" */
	const char *mb;  /* shape b "message" */
} errs[] = {
	[LAB_E_BAD_REQUEST] = { 400, "bad_request", 400, "error", "Malformed request" },
	[LAB_E_CREDENTIALS] = { 401, "invalid_credentials", 200, "denied", "Wrong login or password" },
	[LAB_E_AUTH] = { 401, "unauthenticated", 403, "error", "Please sign in" },
	[LAB_E_MFA_REQUIRED] = { 401, "mfa_required", 403, "error", "Second step required" },
	[LAB_E_FORBIDDEN] = { 403, "forbidden", 403, "error", "Not allowed" },
	[LAB_E_NOT_FOUND] = { 404, "not_found", 404, "error", "No such page" },
	[LAB_E_METHOD] = { 405, "method_not_allowed", 405, "error", "Method not allowed" },
	[LAB_E_CODE] = { 401, "invalid_code", 200, "denied", "Wrong code" },
	[LAB_E_REAUTH] = { 403, "reauth_required", 403, "denied", "Confirm with your password" },
	[LAB_E_LOCKED] = { 429, "locked", 423, "locked", "Too many attempts" },
	[LAB_E_RATE] = { 429, "rate_limited", 429, "error", "Slow down" },
	[LAB_E_CONFLICT] = { 409, "conflict", 409, "error", "Conflict" },
	[LAB_E_TOO_BIG] = { 413, "too_large", 413, "error", "Request too large" },
	[LAB_E_UNAVAILABLE] = { 503, "unavailable", 503, "error", "Try again later" },
	[LAB_E_INTERNAL] = { 500, "internal", 500, "error", "Internal error" },
};

int
lab_reply_error(struct lab *lab, struct lab_resp *rs, enum lab_err e)
{
	json_t *j;

	if ((size_t)e >= sizeof errs / sizeof errs[0])
		e = LAB_E_INTERNAL;
	if (lab->shape == 'b')
		j = json_pack("{s:s, s:s}", "status", errs[e].kb, "message",
		    errs[e].mb);
	else
		j = json_pack("{s:b, s:s}", "ok", 0, "error", errs[e].na);
	if (j == NULL)
		return lab_reply_text(rs, 500, NULL, "out of memory\n");
	return lab_reply_json(rs, lab->shape == 'b' ? errs[e].sb : errs[e].sa,
	    j);
}
