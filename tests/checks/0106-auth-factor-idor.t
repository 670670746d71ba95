#!/bin/sh
# AUTH-FACTOR-IDOR: account A must not list or remove account B's factors.
# Both lab shapes: hardened -> pass, with the weakness -> fail, and the
# failing result's summary says what was seen.
. "${0%/*}/../lib.sh"

plan 6
for shape in a b; do
	check_detects AUTH-FACTOR-IDOR AUTH-FACTOR-IDOR "$shape"
	like "$(cut -f4 "$T/last.tsv")" "*listed account B's factors*" "AUTH-FACTOR-IDOR (shape $shape): summary says what was seen"
done
done_testing
