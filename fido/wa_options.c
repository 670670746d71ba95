/*
 * Parser of the options a relying party sends for a WebAuthn ceremony
 * (PublicKeyCredentialCreationOptions / RequestOptions in their JSON
 * form). Outside input: every member is type- and size-checked.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "auth-audit/core/b64.h"
#include "auth-audit/core/err.h"
#include "fido/webauthn.h"

#define MAX_LIST_ENTRIES 256

static int bad(char *why, size_t whylen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
bad(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	if (why != NULL && whylen > 0) {
		va_start(ap, fmt);
		vsnprintf(why, whylen, fmt, ap);
		va_end(ap);
	}
	return AA_ERR_PARSE;
}

/* Optional string member into buf; error if present but no fitting string. */
static int
str(const json_t *obj, const char *key, char *buf, size_t buflen, int required,
    char *why, size_t whylen, const char *where)
{
	const json_t *v = json_object_get(obj, key);

	buf[0] = '\0';
	if (v == NULL || json_is_null(v))
		return required ? bad(why, whylen, "%s%s: missing", where, key) :
		    AA_OK;
	if (!json_is_string(v))
		return bad(why, whylen, "%s%s: expected a string", where, key);
	if (json_string_length(v) >= buflen)
		return bad(why, whylen, "%s%s: longer than %zu bytes", where, key,
		    buflen - 1);
	memcpy(buf, json_string_value(v), json_string_length(v) + 1);
	if (strlen(buf) != json_string_length(v))
		return bad(why, whylen, "%s%s: contains NUL", where, key);
	return AA_OK;
}

static int
b64_member(const json_t *obj, const char *key, unsigned char *out, size_t max,
    size_t *len, char *why, size_t whylen, const char *where)
{
	const json_t *v = json_object_get(obj, key);
	int r;

	if (v == NULL)
		return bad(why, whylen, "%s%s: missing", where, key);
	if (!json_is_string(v))
		return bad(why, whylen, "%s%s: expected a base64url string",
		    where, key);
	r = aa_b64_decode(AA_B64_URL, json_string_value(v),
	    json_string_length(v), out, max, len);
	if (r == AA_ERR_TOOBIG)
		return bad(why, whylen, "%s%s: longer than %zu bytes", where,
		    key, max);
	if (r != AA_OK)
		return bad(why, whylen, "%s%s: not base64url", where, key);
	return AA_OK;
}

static int
cred_list(const json_t *arr, struct aa_fido_options *o, char *why,
    size_t whylen, const char *name)
{
	size_t i;
	const json_t *e;

	o->nlist = o->nlist_total = 0;
	if (arr == NULL || json_is_null(arr))
		return AA_OK;
	if (!json_is_array(arr))
		return bad(why, whylen, "%s: expected an array", name);
	if (json_array_size(arr) > MAX_LIST_ENTRIES)
		return bad(why, whylen, "%s: more than %d entries", name,
		    MAX_LIST_ENTRIES);
	json_array_foreach(arr, i, e) {
		struct aa_fido_credid *c;
		struct aa_fido_credid tmp;

		if (!json_is_object(e))
			return bad(why, whylen, "%s/%zu: expected an object",
			    name, i);
		c = o->nlist < AA_FIDO_MAX_LIST ? &o->list[o->nlist] : &tmp;
		if (b64_member(e, "id", c->id, sizeof(c->id), &c->len, why,
		    whylen, name) != AA_OK)
			return AA_ERR_PARSE;
		if (o->nlist < AA_FIDO_MAX_LIST)
			o->nlist++;
		o->nlist_total++;
	}
	return AA_OK;
}

static int
parse_create(const json_t *j, struct aa_fido_options *o, char *why,
    size_t whylen)
{
	const json_t *rp = json_object_get(j, "rp"), *user = json_object_get(j, "user");
	const json_t *params = json_object_get(j, "pubKeyCredParams"), *e;
	const json_t *sel = json_object_get(j, "authenticatorSelection");
	size_t i;

	if (!json_is_object(rp))
		return bad(why, whylen, "rp: expected an object");
	if (str(rp, "id", o->rp_id, sizeof(o->rp_id), 0, why, whylen, "rp/") ||
	    str(rp, "name", o->rp_name, sizeof(o->rp_name), 0, why, whylen, "rp/"))
		return AA_ERR_PARSE;
	if (!json_is_object(user))
		return bad(why, whylen, "user: expected an object");
	if (b64_member(user, "id", o->user_id, sizeof(o->user_id),
	    &o->user_id_len, why, whylen, "user/") != AA_OK)
		return AA_ERR_PARSE;
	if (o->user_id_len == 0)
		return bad(why, whylen, "user/id: empty");
	if (str(user, "name", o->user_name, sizeof(o->user_name), 0, why,
	    whylen, "user/") ||
	    str(user, "displayName", o->user_display, sizeof(o->user_display),
	    0, why, whylen, "user/"))
		return AA_ERR_PARSE;
	if (!json_is_array(params) || json_array_size(params) == 0)
		return bad(why, whylen, "pubKeyCredParams: expected a non-empty array");
	if (json_array_size(params) > MAX_LIST_ENTRIES)
		return bad(why, whylen, "pubKeyCredParams: too many entries");
	json_array_foreach(params, i, e) {
		const json_t *alg = json_object_get(e, "alg");

		if (!json_is_object(e) || !json_is_integer(alg))
			return bad(why, whylen, "pubKeyCredParams/%zu: expected "
			    "{type, alg: integer}", i);
		if (o->nalgs < AA_FIDO_MAX_ALGS &&
		    json_integer_value(alg) > -100000 &&
		    json_integer_value(alg) < 100000)
			o->algs[o->nalgs++] = (int)json_integer_value(alg);
	}
	if (cred_list(json_object_get(j, "excludeCredentials"), o, why, whylen,
	    "excludeCredentials") != AA_OK)
		return AA_ERR_PARSE;
	if (sel != NULL && !json_is_null(sel)) {
		if (!json_is_object(sel))
			return bad(why, whylen, "authenticatorSelection: expected "
			    "an object");
		if (str(sel, "userVerification", o->user_verification,
		    sizeof(o->user_verification), 0, why, whylen,
		    "authenticatorSelection/"))
			return AA_ERR_PARSE;
	}
	return str(j, "attestation", o->attestation, sizeof(o->attestation), 0,
	    why, whylen, "");
}

static int
parse_get(const json_t *j, struct aa_fido_options *o, char *why, size_t whylen)
{
	if (str(j, "rpId", o->rp_id, sizeof(o->rp_id), 0, why, whylen, "") ||
	    str(j, "userVerification", o->user_verification,
	    sizeof(o->user_verification), 0, why, whylen, ""))
		return AA_ERR_PARSE;
	return cred_list(json_object_get(j, "allowCredentials"), o, why, whylen,
	    "allowCredentials");
}

int
aa_fido_options_parse(const json_t *j, int is_create,
    struct aa_fido_options *o, char *why, size_t whylen)
{
	const json_t *pk, *ch, *to;

	memset(o, 0, sizeof(*o));
	o->is_create = is_create;
	if (why != NULL && whylen > 0)
		why[0] = '\0';
	if (!json_is_object(j))
		return bad(why, whylen, "options: expected a JSON object");
	if ((pk = json_object_get(j, "publicKey")) != NULL) {
		if (!json_is_object(pk))
			return bad(why, whylen, "publicKey: expected an object");
		j = pk;
	}
	ch = json_object_get(j, "challenge");
	if (!json_is_string(ch))
		return bad(why, whylen, "challenge: %s", ch ? "expected a string" :
		    "missing");
	if (json_string_length(ch) >= sizeof(o->challenge_b64))
		return bad(why, whylen, "challenge: longer than %d bytes",
		    AA_FIDO_MAX_CHALLENGE);
	memcpy(o->challenge_b64, json_string_value(ch), json_string_length(ch) + 1);
	if (b64_member(j, "challenge", o->challenge, sizeof(o->challenge),
	    &o->challenge_len, why, whylen, "") != AA_OK)
		return AA_ERR_PARSE;
	if (o->challenge_len == 0)
		return bad(why, whylen, "challenge: empty");
	if ((to = json_object_get(j, "timeout")) != NULL && !json_is_null(to)) {
		double t = json_number_value(to);

		if (!json_is_number(to))
			return bad(why, whylen, "timeout: expected a number");
		/* A hint in ms from the service: out of range (1e300, -5) is
		 * clamped here, never cast (undefined for a long). */
		o->timeout = !(t > 0) ? 0 : t > AA_FIDO_TIMEOUT_MAX ?
		    AA_FIDO_TIMEOUT_MAX : (long)t;
	}
	return is_create ? parse_create(j, o, why, whylen) :
	    parse_get(j, o, why, whylen);
}

int
aa_fido_options_parse_text(const char *text, size_t len, int is_create,
    struct aa_fido_options *o, char *why, size_t whylen)
{
	json_t *j;
	int r;

	memset(o, 0, sizeof(*o));
	if (len > AA_FIDO_MAX_OPTIONS_JSON)
		return AA_ERR_TOOBIG;
	if ((j = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL)) == NULL)
		return bad(why, whylen, "options: not JSON");
	r = aa_fido_options_parse(j, is_create, o, why, whylen);
	json_decref(j);
	return r;
}
