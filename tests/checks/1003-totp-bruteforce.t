#!/bin/sh
# TOTP-BRUTEFORCE: up to limits.max_guesses wrong codes must bring a lockout.
# Both lab shapes: hardened -> pass, with the weakness -> fail, and the
# failing result's summary says what was seen.
. "${0%/*}/../lib.sh"

plan 6
for shape in a b; do
	check_detects TOTP-BRUTEFORCE TOTP-BRUTEFORCE "$shape"
	like "$(cut -f4 "$T/last.tsv")" "*100 consecutive wrong codes*expected time to guess*" "TOTP-BRUTEFORCE (shape $shape): summary says what was seen"
done
done_testing
