#!/bin/sh
# AUTH-TRUSTED-HEADER: X-Forwarded-For: 127.0.0.1 and friends must not skip 2FA.
# Both lab shapes: hardened -> pass, with the weakness -> fail, and the
# failing result's summary says what was seen.
. "${0%/*}/../lib.sh"

plan 6
for shape in a b; do
	check_detects AUTH-TRUSTED-HEADER AUTH-TRUSTED-HEADER "$shape"
	like "$(cut -f4 "$T/last.tsv")" "*client-address headers said 127.0.0.1*" "AUTH-TRUSTED-HEADER (shape $shape): summary says what was seen"
done
done_testing
