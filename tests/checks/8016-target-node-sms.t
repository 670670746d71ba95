#!/bin/sh
# express-simplewebauthn's SMS (a Twilio-shaped provider pointed at
# sms-sim): login codes go to the number on file, enrolment texts a number
# the client names only while the account has no SMS (409 otherwise), and
# every account may send 5 texts per 10 minutes, every number 3. The
# login-text checks spread over the profile's three accounts; the
# enrolment probes take SMS off an account that has it. Defaults: the
# limits are seen at work; the per-session and consecutive-number probes
# find their account's allowance spent by the earlier probes and say so
# (not_tested), as does the pumping estimate that needs them. Weak: every
# switch detected.
. "${0%/*}/../lib.sh"
. "$AA_TESTS/targets/targets.sh"

W=SMS-CODE-LEAK,SMS-REPLAY,SMS-OTP-WEAK,SMS-GEO,SMS-RATE-NUMBER
W=$W,SMS-RATE-CLIENT,SMS-ANON-TRIGGER
plan 21
target_case express-simplewebauthn "" 'SMS-*' "(defaults)" \
	SMS-CODE-LEAK=pass SMS-BRUTEFORCE=pass SMS-REPLAY=pass \
	SMS-OTP-WEAK=pass SMS-RATE-NUMBER=pass SMS-GEO=pass \
	SMS-ANON-TRIGGER=pass SMS-RATE-CLIENT=not_tested \
	SMS-SEQUENTIAL=not_tested SMS-PUMPING-EXPOSURE=not_tested
like "$(grep '^SMS-RATE-CLIENT' "$T/case.tsv")" "*already refused (HTTP 429)*" \
	"defaults: the spent allowance is named"
# shellcheck disable=SC2046
target_case express-simplewebauthn "$W" 'SMS-*' "(weak)" \
	$(echo "$W" | tr ',' '\n' | sed 's/$/=fail/') SMS-SEQUENTIAL=fail \
	SMS-PUMPING-EXPOSURE=fail
target_case express-simplewebauthn SMS-BRUTEFORCE SMS-BRUTEFORCE "(weak)" \
	SMS-BRUTEFORCE=fail
done_testing
