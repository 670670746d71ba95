#!/bin/sh
# sinatra-webauthn's SMS: login codes go to the number on file; only the
# phone enrolment (POST /api/sms) texts a number the client names, 5 per
# hour per account and 5 per 10 minutes per number (rack-attack). The
# number probes go through `sms_enroll` on the profile's three accounts,
# the per-number probe alternating two of them. Defaults: every limit is
# seen at work and passes; the login-flow checks that need yet another
# text to the number on file after its 5 per 10 minutes are spent are
# not_tested, saying so. Weak: each switch detected (SMS-BRUTEFORCE with
# SMS-RATE-NUMBER, which leaves codes to guess against).
. "${0%/*}/../lib.sh"
. "$AA_TESTS/targets/targets.sh"

W1=SMS-CODE-LEAK,SMS-REPLAY,SMS-OTP-WEAK,SMS-GEO,SMS-RATE-NUMBER
W1=$W1,SMS-RATE-CLIENT,SMS-ANON-TRIGGER
W2=SMS-BRUTEFORCE,SMS-RATE-NUMBER
plan 21
if target_start sinatra-webauthn ""; then
	target_audit 'SMS-*' "$T/d.tsv"
	expect_verdicts "$T/d.tsv" "(defaults)" SMS-CODE-LEAK=pass \
		SMS-REPLAY=pass SMS-OTP-WEAK=pass SMS-RATE-NUMBER=pass \
		SMS-RATE-CLIENT=pass SMS-SEQUENTIAL=pass SMS-GEO=pass \
		SMS-PUMPING-EXPOSURE=pass SMS-BRUTEFORCE=not_tested
else
	for _ in 1 2 3 4 5 6 7 8 9; do ok 1 "sinatra-webauthn starts"; done
fi
if target_start sinatra-webauthn "$W1"; then
	target_audit 'SMS-*' "$T/w1.tsv"
	expect_verdicts "$T/w1.tsv" "(weak)" $(echo "$W1" | tr ',' '\n' |
		sed 's/$/=fail/') SMS-SEQUENTIAL=fail SMS-PUMPING-EXPOSURE=fail
else
	for _ in 1 2 3 4 5 6 7 8 9; do ok 1 "sinatra-webauthn --weak $W1 starts"; done
fi
if target_start sinatra-webauthn "$W2"; then
	target_audit "$W2" "$T/w2.tsv"
	expect_verdicts "$T/w2.tsv" "(weak)" SMS-BRUTEFORCE=fail \
		SMS-RATE-NUMBER=fail
	like "$(grep '^SMS-BRUTEFORCE' "$T/d.tsv" 2>/dev/null)" \
		"*nothing arrived*" "defaults: SMS-BRUTEFORCE says why it did not run"
else
	ok 1 "sinatra-webauthn --weak $W2 starts"
	ok 1 "sinatra-webauthn --weak $W2 starts"
	ok 1 "sinatra-webauthn --weak $W2 starts"
fi
done_testing
