/*
 * The lab's feature modules, in routing order. Adding one: write
 * tests/lab/lab_<name>.c defining `const struct lab_module lab_mod_<name>`
 * (see lab.h) and add one line here.
 */
#include <stddef.h>

#include "tests/lab/lab.h"
#include "tests/lab/lab_int.h"

const struct lab_module *const lab_modules[] = {
	&lab_mod_auth,
	&lab_mod_wellknown,
	&lab_mod_sms,
	&lab_mod_fido,
	&lab_mod_totp,
	NULL
};

int
lab_modules_init(struct lab *lab)
{
	for (size_t i = 0; lab_modules[i] != NULL; i++)
		if (lab_modules[i]->init != NULL) {
			int r = lab_modules[i]->init(lab);

			if (r != LAB_OK)
				return r;
		}
	return LAB_OK;
}

void
lab_modules_fini(struct lab *lab)
{
	size_t n = 0;

	while (lab_modules[n] != NULL)
		n++;
	while (n-- > 0)
		if (lab_modules[n]->fini != NULL)
			lab_modules[n]->fini(lab);
}
