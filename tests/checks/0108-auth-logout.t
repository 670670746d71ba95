#!/bin/sh
# AUTH-LOGOUT: the session must be dead on the server after logout.
# Both lab shapes: hardened -> pass, with the weakness -> fail, and the
# failing result's summary says what was seen.
. "${0%/*}/../lib.sh"

plan 6
for shape in a b; do
	check_detects AUTH-LOGOUT AUTH-LOGOUT "$shape"
	like "$(cut -f4 "$T/last.tsv")" "*from before logout still opened*" "AUTH-LOGOUT (shape $shape): summary says what was seen"
done
done_testing
