#!/bin/sh
# AUTH-COOKIE-FLAGS: the session cookie needs HttpOnly and SameSite (Secure on https).
# Both lab shapes: hardened -> pass, with the weakness -> fail, and the
# failing result's summary says what was seen.
. "${0%/*}/../lib.sh"

plan 6
for shape in a b; do
	check_detects AUTH-COOKIE-FLAGS AUTH-COOKIE-FLAGS "$shape"
	like "$(cut -f4 "$T/last.tsv")" "*lacks HttpOnly SameSite*" "AUTH-COOKIE-FLAGS (shape $shape): summary says what was seen"
done
done_testing
