#!/bin/sh
# django-otp with the login-step misuses of its README: empty codes, codes
# not bound to the user, a trusted client-address header, no throttle,
# then alone (each changes what the baseline sees, or needs the throttle
# the others switch off) the password step that opens everything, a TOTP
# device live before confirmation, a password login that clears the
# throttle; and the hardened session (cycle_key at 2FA) that clears the
# default finding.
. "${0%/*}/../lib.sh"
. "$AA_TESTS/targets/targets.sh"

W=AUTH-OTP-EMPTY,AUTH-OTP-NOT-BOUND,AUTH-TRUSTED-HEADER,TOTP-BRUTEFORCE
plan 8
target_case django-otp "$W" "$W" "(weak)" AUTH-OTP-EMPTY=fail \
	AUTH-OTP-NOT-BOUND=fail AUTH-TRUSTED-HEADER=fail TOTP-BRUTEFORCE=fail
for id in AUTH-2FA-SKIP TOTP-ENROLL-UNVERIFIED TOTP-LOCKOUT-BYPASS; do
	target_case django-otp "$id" "$id" "(weak)" "$id=fail"
done
if target_start django-otp "" --harden AUTH-SESSION-FIXATION; then
	target_audit AUTH-SESSION-FIXATION "$T/hard.tsv"
	expect_verdicts "$T/hard.tsv" "(--harden)" AUTH-SESSION-FIXATION=pass
else
	ok 1 "django-otp --harden AUTH-SESSION-FIXATION starts"
fi
done_testing
