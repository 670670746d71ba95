#!/bin/sh
# TOTP-SEED-REDISCLOSED: the secret must not be retrievable after enrollment.
# Both lab shapes: hardened -> pass, with the weakness -> fail, and the
# failing result's summary says what was seen.
. "${0%/*}/../lib.sh"

plan 6
for shape in a b; do
	check_detects TOTP-SEED-REDISCLOSED TOTP-SEED-REDISCLOSED "$shape"
	like "$(cut -f4 "$T/last.tsv")" "*returned again*" "TOTP-SEED-REDISCLOSED (shape $shape): summary says what was seen"
done
done_testing
