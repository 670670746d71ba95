#!/bin/sh
# TOTP-LOCKOUT-BYPASS: once locked, a fresh login must not reset the counter.
# Both lab shapes: hardened -> pass, with the weakness -> fail, and the
# failing result's summary says what was seen.
. "${0%/*}/../lib.sh"

plan 6
for shape in a b; do
	check_detects TOTP-LOCKOUT-BYPASS TOTP-LOCKOUT-BYPASS "$shape"
	like "$(cut -f4 "$T/last.tsv")" "*lockout is per login*" "TOTP-LOCKOUT-BYPASS (shape $shape): summary says what was seen"
done
done_testing
