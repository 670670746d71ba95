#!/bin/sh
# AUTH-PHONE-DISCLOSED: no full phone or e-mail before 2FA completes.
# Both lab shapes: hardened -> pass, with the weakness -> fail, and the
# failing result's summary says what was seen.
. "${0%/*}/../lib.sh"

plan 6
for shape in a b; do
	check_detects AUTH-PHONE-DISCLOSED AUTH-PHONE-DISCLOSED "$shape"
	like "$(cut -f4 "$T/last.tsv")" "*full phone was shown before 2FA*" "AUTH-PHONE-DISCLOSED (shape $shape): summary says what was seen"
done
done_testing
