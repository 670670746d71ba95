#!/bin/sh
# express-simplewebauthn's SMS (a Twilio-shaped provider pointed at
# sms-sim): login codes go to the number on file, enrolment texts a number
# the client names only while the account has no SMS (409 otherwise), and
# every account may send 5 texts per 10 minutes, every number 3. The
# login-text checks spread over the profile's three accounts; the
# enrolment probes take SMS off an account that has it. Defaults: the
# limits are seen at work; the per-session and consecutive-number probes
# find their account's allowance spent by the earlier probes; the profile's
# max_wait_ms (900 s, for express-rate-limit's windows) would let them wait
# the 10-minute window out and measure, and do (all ten pass; shown on the
# lab with a short window in 3116). Here it is held to a minute to keep
# the suite short: they are not_tested, say why and name the max_wait_ms
# that would do, as does the pumping estimate that needs them. Weak: every
# switch detected.
. "${0%/*}/../lib.sh"
. "$AA_TESTS/targets/targets.sh"

W=SMS-CODE-LEAK,SMS-REPLAY,SMS-OTP-WEAK,SMS-GEO,SMS-RATE-NUMBER
W=$W,SMS-RATE-CLIENT,SMS-ANON-TRIGGER
TARGET_MAX_WAIT_MS=60000
plan 22
target_case express-simplewebauthn "" 'SMS-*' "(defaults)" \
	SMS-CODE-LEAK=pass SMS-BRUTEFORCE=pass SMS-REPLAY=pass \
	SMS-OTP-WEAK=pass SMS-RATE-NUMBER=pass SMS-GEO=pass \
	SMS-ANON-TRIGGER=pass SMS-RATE-CLIENT=not_tested \
	SMS-SEQUENTIAL=not_tested SMS-PUMPING-EXPOSURE=not_tested
like "$(grep '^SMS-RATE-CLIENT' "$T/case.tsv")" "*already refused (HTTP 429)*" \
	"defaults: the spent allowance is named"
like "$(grep '^SMS-RATE-CLIENT' "$T/case.tsv")" "*limits.max_wait_ms of at least*" \
	"  ... and the max_wait_ms that would wait its window out"
# shellcheck disable=SC2046
target_case express-simplewebauthn "$W" 'SMS-*' "(weak)" \
	$(echo "$W" | tr ',' '\n' | sed 's/$/=fail/') SMS-SEQUENTIAL=fail \
	SMS-PUMPING-EXPOSURE=fail
target_case express-simplewebauthn SMS-BRUTEFORCE SMS-BRUTEFORCE "(weak)" \
	SMS-BRUTEFORCE=fail
done_testing
