#!/bin/sh
# AUTH-RECOVERY-WEAK: recovery codes need 64 bits and a guessing limit.
# Both lab shapes: hardened -> pass, with the weakness -> fail, and the
# failing result's summary says what was seen.
. "${0%/*}/../lib.sh"

plan 6
for shape in a b; do
	check_detects AUTH-RECOVERY-WEAK AUTH-RECOVERY-WEAK "$shape"
	like "$(cut -f4 "$T/last.tsv")" "*19.9 bits per code*no lockout*" "AUTH-RECOVERY-WEAK (shape $shape): summary says what was seen"
done
done_testing
