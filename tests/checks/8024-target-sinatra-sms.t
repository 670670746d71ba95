#!/bin/sh
# sinatra-webauthn's SMS: login codes go to the number on file; only the
# phone enrolment (POST /api/sms) texts a number the client names, 5 per
# hour per account and 5 per 10 minutes per number (rack-attack). The
# number probes go through `sms_enroll` on the profile's three accounts,
# the per-number probe alternating two of them; the login-text checks
# spread over the accounts' numbers. Defaults: every limit is seen at work
# and passes, but nothing watches consecutive numbers: the block goes on
# from another account once one's allowance is spent (SMS-SEQUENTIAL
# fails); that spends the last account's allowance, so SMS-GEO's control
# is refused too (not tested in that run; alone it passes). Weak: each
# switch detected (SMS-BRUTEFORCE with SMS-RATE-NUMBER, which leaves codes
# to guess against).
. "${0%/*}/../lib.sh"
. "$AA_TESTS/targets/targets.sh"

W1=SMS-CODE-LEAK,SMS-REPLAY,SMS-OTP-WEAK,SMS-GEO,SMS-RATE-NUMBER
W1=$W1,SMS-RATE-CLIENT,SMS-ANON-TRIGGER
W2=SMS-BRUTEFORCE,SMS-RATE-NUMBER
plan 23
target_case sinatra-webauthn "" 'SMS-*' "(defaults)" SMS-CODE-LEAK=pass \
	SMS-REPLAY=pass SMS-OTP-WEAK=pass SMS-RATE-NUMBER=pass \
	SMS-RATE-CLIENT=pass SMS-SEQUENTIAL=fail SMS-GEO=not_tested \
	SMS-PUMPING-EXPOSURE=not_tested SMS-BRUTEFORCE=pass \
	SMS-ANON-TRIGGER=pass
like "$(grep '^SMS-SEQUENTIAL' "$T/case.tsv")" "*from 2 accounts*" \
	"defaults: the block went on from a second account"
target_case sinatra-webauthn "" SMS-GEO "(defaults, alone)" SMS-GEO=pass
# shellcheck disable=SC2046
target_case sinatra-webauthn "$W1" 'SMS-*' "(weak)" \
	$(echo "$W1" | tr ',' '\n' | sed 's/$/=fail/') SMS-SEQUENTIAL=fail \
	SMS-PUMPING-EXPOSURE=fail
target_case sinatra-webauthn "$W2" "$W2" "(weak)" SMS-BRUTEFORCE=fail \
	SMS-RATE-NUMBER=fail
done_testing
