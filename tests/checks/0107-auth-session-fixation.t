#!/bin/sh
# AUTH-SESSION-FIXATION: the session id must change when 2FA completes.
# Both lab shapes: hardened -> pass, with the weakness -> fail, and the
# failing result's summary says what was seen.
. "${0%/*}/../lib.sh"

plan 6
for shape in a b; do
	check_detects AUTH-SESSION-FIXATION AUTH-SESSION-FIXATION "$shape"
	like "$(cut -f4 "$T/last.tsv")" "*kept the value it had before 2FA*" "AUTH-SESSION-FIXATION (shape $shape): summary says what was seen"
done
done_testing
