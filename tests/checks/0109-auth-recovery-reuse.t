#!/bin/sh
# AUTH-RECOVERY-REUSE: a recovery code must work once.
# Both lab shapes: hardened -> pass, with the weakness -> fail, and the
# failing result's summary says what was seen.
. "${0%/*}/../lib.sh"

plan 6
for shape in a b; do
	check_detects AUTH-RECOVERY-REUSE AUTH-RECOVERY-REUSE "$shape"
	like "$(cut -f4 "$T/last.tsv")" "*completed a second one*" "AUTH-RECOVERY-REUSE (shape $shape): summary says what was seen"
done
done_testing
