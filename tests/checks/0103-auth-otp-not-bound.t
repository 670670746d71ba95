#!/bin/sh
# AUTH-OTP-NOT-BOUND: account B's valid code must not complete account A's login.
# Both lab shapes: hardened -> pass, with the weakness -> fail, and the
# failing result's summary says what was seen.
. "${0%/*}/../lib.sh"

plan 6
for shape in a b; do
	check_detects AUTH-OTP-NOT-BOUND AUTH-OTP-NOT-BOUND "$shape"
	like "$(cut -f4 "$T/last.tsv")" "*code of account B completed account A's login*" "AUTH-OTP-NOT-BOUND (shape $shape): summary says what was seen"
done
done_testing
