#!/bin/sh
# TOTP-URI-NONSTANDARD: the otpauth URI must carry an issuer and standard parameters.
# Both lab shapes: hardened -> pass, with the weakness -> fail, and the
# failing result's summary says what was seen.
. "${0%/*}/../lib.sh"

# The standard otpauth URI has no period= (the lab at 30 s).
LAB_TOTP_PERIOD=30
plan 6
for shape in a b; do
	check_detects TOTP-URI-NONSTANDARD TOTP-URI-NONSTANDARD "$shape"
	like "$(cut -f4 "$T/last.tsv")" "*no issuer*" "TOTP-URI-NONSTANDARD (shape $shape): summary says what was seen"
done
done_testing
