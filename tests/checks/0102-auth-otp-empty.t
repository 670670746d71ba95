#!/bin/sh
# AUTH-OTP-EMPTY: empty, null, missing and wrong-type codes must not complete a login.
# Both lab shapes: hardened -> pass, with the weakness -> fail, and the
# failing result's summary says what was seen.
. "${0%/*}/../lib.sh"

plan 6
for shape in a b; do
	check_detects AUTH-OTP-EMPTY AUTH-OTP-EMPTY "$shape"
	like "$(cut -f4 "$T/last.tsv")" "*completed the login with code*" "AUTH-OTP-EMPTY (shape $shape): summary says what was seen"
done
done_testing
