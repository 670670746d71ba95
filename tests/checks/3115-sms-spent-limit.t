#!/bin/sh
# A limit the probe did not see at work teaches nothing. A second audit of
# the same hardened lab within its window finds the test number's limit
# already spent: the first send is refused, so SMS-RATE-NUMBER is
# not_tested (not pass), and says why. The first audit, whose sends went
# out before the limit stopped them, passes.
. "${0%/*}/../lib.sh"
plan 3
sms_lab_start a "" || skip_all "lab or sms-sim did not start"
is "$(audit_status SMS-RATE-NUMBER)" pass "first audit: the limit stopped the sends"
is "$(audit_status SMS-RATE-NUMBER)" not_tested "second audit: the limit was spent before the probe"
like "$(cat "$T/last.tsv")" "*first send was already refused*" "it says why"
done_testing
