/*
 * libFuzzer harness for the template engine: the input is used as a
 * string template (raw and URL modes) and, when it is JSON, as a body.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "auth-audit/engine/flow.h"
#include "auth-audit/core/jalloc.h"
#include "auth-audit/engine/tmpl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char prof[] = "{\"base_url\": \"http://127.0.0.1:1\","
    " \"accounts\": [{\"username\": \"u\", \"password\": \"p w\","
    " \"n\": [1, {\"x\": null}]}]}";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct aa_profile *p;
	static json_t *vars;
	struct aa_tmpl_ctx c;
	json_t *in, *out = NULL;
	char *s, *o = NULL;

	aa_json_secure_init();
	if (p == NULL && aa_profile_parse(prof, strlen(prof), "p", &p, NULL) !=
	    AA_OK)
		__builtin_trap();
	if (vars == NULL)
		vars = json_pack("{s:n, s:i, s:s, s:[i,s], s:O}", "a", "b", 42,
		    "c", "x&y=z", "d", 1, "q", "e", aa_flow_drop());
	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	memset(&c, 0, sizeof(c));
	c.vars = vars;
	c.prof = p;
	if (aa_tmpl_string(&c, s, AA_TMPL_RAW, &o) == AA_OK && o == NULL)
		__builtin_trap();
	free(o);
	o = NULL;
	if (aa_tmpl_string(&c, s, AA_TMPL_URL, &o) == AA_OK && o == NULL)
		__builtin_trap();
	free(o);
	if ((in = json_loadb((const char *)data, size, JSON_DECODE_ANY |
	    JSON_DISABLE_EOF_CHECK, NULL)) != NULL) {
		if (aa_tmpl_json(&c, in, &out) == AA_OK &&
		    (out == NULL || out == aa_flow_drop()))
			__builtin_trap();
		json_decref(out);
		json_decref(in);
	}
	free(s);
	return 0;
}
