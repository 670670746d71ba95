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
# SMS-ANON-TRIGGER stays not_tested: the anonymous send is another
# request than the profile's sms_send (profile.json, "_sms_anon").
. "${0%/*}/../lib.sh"
. "$AA_TESTS/targets/targets.sh"

plan 20
target_case django-otp "" 'SMS-*' "(defaults)" SMS-CODE-LEAK=pass \
	SMS-RATE-NUMBER=pass SMS-RATE-CLIENT=fail SMS-SEQUENTIAL=fail \
	SMS-GEO=fail SMS-PUMPING-EXPOSURE=fail SMS-BRUTEFORCE=pass \
	SMS-REPLAY=pass SMS-OTP-WEAK=pass SMS-ANON-TRIGGER=not_tested
target_case django-otp SMS-RATE-NUMBER 'SMS-*' "(no per-number limit)" \
	SMS-RATE-NUMBER=fail SMS-CODE-LEAK=pass SMS-BRUTEFORCE=pass \
	SMS-REPLAY=pass SMS-OTP-WEAK=pass SMS-ANON-TRIGGER=not_tested
W=SMS-RATE-NUMBER,SMS-CODE-LEAK,SMS-OTP-WEAK,SMS-BRUTEFORCE
target_case django-otp "$W" "$W" "(weak)" SMS-RATE-NUMBER=fail \
	SMS-CODE-LEAK=fail SMS-OTP-WEAK=fail SMS-BRUTEFORCE=fail
done_testing
