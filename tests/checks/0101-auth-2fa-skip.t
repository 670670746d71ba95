#!/bin/sh
# AUTH-2FA-SKIP: the protected resource must refuse a session that only did the password step.
# Both lab shapes: hardened -> pass, with the weakness -> fail, and the
# failing result's summary says what was seen.
. "${0%/*}/../lib.sh"

plan 6
for shape in a b; do
	check_detects AUTH-2FA-SKIP AUTH-2FA-SKIP "$shape"
	like "$(cut -f4 "$T/last.tsv")" "*after the password step only*" "AUTH-2FA-SKIP (shape $shape): summary says what was seen"
done
done_testing
