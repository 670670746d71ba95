/* libFuzzer harness for the loss model's policy parser (and the model on
 * whatever parses, with few Monte Carlo runs). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "sms-sim/model/estimate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct aa_sms_policy *p = malloc(sizeof(*p));
	struct aa_sms_estimate *e = malloc(sizeof(*e));
	struct aa_diag d;

	if (p != NULL && e != NULL &&
	    aa_sms_policy_parse((const char *)data, size, p, &d) == AA_OK) {
		if (p->runs > 50)
			p->runs = 50;
		aa_sms_estimate(p, NULL, e);
	}
	free(p);
	free(e);
	return 0;
}
