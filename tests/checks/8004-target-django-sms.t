#!/bin/sh
# django-otp's SMS device (a SideChannelDevice texting through the Vonage
# API into sms-sim): the defaults give the expected findings of its
# README (enrolment texts any number: SMS-RATE-CLIENT, SMS-SEQUENTIAL,
# SMS-GEO, and the pumping exposure they add up to) and pass the
# per-number limit and the code leak. A number on file allows 3 texts per
# window: the login-text checks spread over the three accounts' numbers
# (the library consumes codes and throttles wrong ones: they pass). With
# that limit switched off the same holds, and each switch is detected;
# the brute force runs unpaced, whatever the profile's pace_ms.
# SMS-ANON-TRIGGER sends the sign-in form's "text me a code" without a
# password (the profile's sms_send_anon): ignored by default, a text under
# its switch.
. "${0%/*}/../lib.sh"
. "$AA_TESTS/targets/targets.sh"

plan 23
target_case django-otp "" 'SMS-*' "(defaults)" SMS-CODE-LEAK=pass \
	SMS-RATE-NUMBER=pass SMS-RATE-CLIENT=fail SMS-SEQUENTIAL=fail \
	SMS-GEO=fail SMS-PUMPING-EXPOSURE=fail SMS-BRUTEFORCE=pass \
	SMS-REPLAY=pass SMS-OTP-WEAK=pass SMS-ANON-TRIGGER=pass
# A second audit at once: the first spent account 0's three texts, and
# django-otp answers 200 and sends nothing. Not tested, and the reason
# says that a spent limit may be why, not only another destination.
target_audit SMS-REPLAY "$T/again.tsv"
expect_verdicts "$T/again.tsv" "(again at once)" SMS-REPLAY=not_tested
like "$(awk -F '\t' '$1 == "SMS-REPLAY" { print $4 }' "$T/again.tsv")" \
	"*which got 3 before*send limit those spent*" \
	"django-otp (again at once): the reason names the spent allowance"
target_case django-otp SMS-RATE-NUMBER 'SMS-*' "(no per-number limit)" \
	SMS-RATE-NUMBER=fail SMS-CODE-LEAK=pass SMS-BRUTEFORCE=pass \
	SMS-REPLAY=pass SMS-OTP-WEAK=pass SMS-ANON-TRIGGER=pass
W=SMS-RATE-NUMBER,SMS-CODE-LEAK,SMS-OTP-WEAK,SMS-BRUTEFORCE
target_case django-otp "$W" "$W" "(weak)" SMS-RATE-NUMBER=fail \
	SMS-CODE-LEAK=fail SMS-OTP-WEAK=fail SMS-BRUTEFORCE=fail
target_case django-otp SMS-ANON-TRIGGER SMS-ANON-TRIGGER "(weak)" \
	SMS-ANON-TRIGGER=fail
done_testing
