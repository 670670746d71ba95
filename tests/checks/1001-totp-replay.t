#!/bin/sh
# TOTP-REPLAY: the same code must not complete two logins.
# Both lab shapes: hardened -> pass, with the weakness -> fail, and the
# failing result's summary says what was seen.
. "${0%/*}/../lib.sh"

plan 6
for shape in a b; do
	check_detects TOTP-REPLAY TOTP-REPLAY "$shape"
	like "$(cut -f4 "$T/last.tsv")" "*same code completed a second login*" "TOTP-REPLAY (shape $shape): summary says what was seen"
done
done_testing
