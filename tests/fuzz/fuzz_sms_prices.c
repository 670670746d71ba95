/* libFuzzer harness for the --prices CSV parser. */
#include <stddef.h>
#include <stdint.h>

#include "sms-sim/sim/prices.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct aa_sms_prices *p = NULL;
	struct aa_diag d;

	if (aa_sms_prices_parse((const char *)data, size, &p, &d) == AA_OK) {
		(void)aa_sms_price(p, "+998901234567", "UZ");
		(void)aa_sms_price_country(p, "US");
	}
	aa_sms_prices_free(&p);
	return 0;
}
