#!/bin/sh
# AUTH-DISABLE-NO-REAUTH: removing a factor must need the password again.
# Both lab shapes: hardened -> pass, with the weakness -> fail, and the
# failing result's summary says what was seen.
. "${0%/*}/../lib.sh"

plan 6
for shape in a b; do
	check_detects AUTH-DISABLE-NO-REAUTH AUTH-DISABLE-NO-REAUTH "$shape"
	like "$(cut -f4 "$T/last.tsv")" "*removed recovery_codes with no password*" "AUTH-DISABLE-NO-REAUTH (shape $shape): summary says what was seen"
done
done_testing
