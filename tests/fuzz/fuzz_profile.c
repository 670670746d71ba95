/*
 * libFuzzer harness for the profile loader: any bytes either load into a
 * profile whose invariants hold or fail with a diagnostic.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/jalloc.h"
#include "auth-audit/profile/profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct aa_profile *p = NULL;
	struct aa_diag d = { "" };
	int r;

	aa_json_secure_init();
	r = aa_profile_parse((const char *)data, size, "fuzz.json", &p, &d);
	if (r == AA_OK) {
		if (p == NULL || p->base_url == NULL || p->origin == NULL ||
		    p->rp_id == NULL || p->naccounts < 1 ||
		    p->naccounts > AA_MAX_ACCOUNTS || p->limits.max_rps <= 0 ||
		    !json_is_object(p->steps))
			__builtin_trap();
		/* Every step whose line was found is a step of the profile. */
		const char *k;
		json_t *v;

		json_object_foreach(p->step_lines, k, v)
			if ((k[0] != '/' && json_object_get(p->steps, k) ==
			    NULL) || (k[0] == '/' && json_object_get(p->root,
			    k + 1) == NULL) || json_integer_value(v) < 1)
				__builtin_trap();
		for (size_t i = 0; i < p->naccounts; i++)
			if (p->accounts[i].username == NULL ||
			    p->accounts[i].password == NULL)
				__builtin_trap();
	} else if (p != NULL || strncmp(d.msg, "fuzz.json: ", 11) != 0) {
		__builtin_trap();
	}
	aa_profile_free(&p);
	return 0;
}
