#!/bin/sh
# TOTP-ENROLL-UNVERIFIED: the factor must stay inactive until a code confirms it.
# Both lab shapes: hardened -> pass, with the weakness -> fail, and the
# failing result's summary says what was seen.
. "${0%/*}/../lib.sh"

plan 6
for shape in a b; do
	check_detects TOTP-ENROLL-UNVERIFIED TOTP-ENROLL-UNVERIFIED "$shape"
	like "$(cut -f4 "$T/last.tsv")" "*before totp_confirm*" "TOTP-ENROLL-UNVERIFIED (shape $shape): summary says what was seen"
done
done_testing
