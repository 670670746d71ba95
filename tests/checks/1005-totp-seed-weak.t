#!/bin/sh
# TOTP-SEED-WEAK: the enrolled secret must have 128 bits or more.
# Both lab shapes: hardened -> pass, with the weakness -> fail, and the
# failing result's summary says what was seen.
. "${0%/*}/../lib.sh"

plan 6
for shape in a b; do
	check_detects TOTP-SEED-WEAK TOTP-SEED-WEAK "$shape"
	like "$(cut -f4 "$T/last.tsv")" "*80-bit secret*" "TOTP-SEED-WEAK (shape $shape): summary says what was seen"
done
done_testing
