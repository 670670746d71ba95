#!/bin/sh
# TOTP-WINDOW: codes for other time steps (computed, no waiting) measure the window.
# Both lab shapes: hardened -> pass, with the weakness -> fail, and the
# failing result's summary says what was seen.
. "${0%/*}/../lib.sh"

plan 6
for shape in a b; do
	check_detects TOTP-WINDOW TOTP-WINDOW "$shape"
	like "$(cut -f4 "$T/last.tsv")" "*step(s) back and * forward are accepted*" "TOTP-WINDOW (shape $shape): summary says what was seen"
done
done_testing
