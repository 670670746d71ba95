#!/bin/sh
# express-simplewebauthn with the login-step misuses of its README: empty
# codes, recovery codes looked up by value alone (TOTP stays bound: the
# check must try every shared code factor), a trusted client-address
# header, no TOTP limiter; then alone (each changes what the baseline
# sees) a token audience that lets the password step in everywhere and a
# TOTP factor live before confirmation.
. "${0%/*}/../lib.sh"
. "$AA_TESTS/targets/targets.sh"

W=AUTH-OTP-EMPTY,AUTH-OTP-NOT-BOUND,AUTH-TRUSTED-HEADER,TOTP-BRUTEFORCE
plan 6
target_case express-simplewebauthn "$W" "$W" "(weak)" AUTH-OTP-EMPTY=fail \
	AUTH-OTP-NOT-BOUND=fail AUTH-TRUSTED-HEADER=fail TOTP-BRUTEFORCE=fail
for id in AUTH-2FA-SKIP TOTP-ENROLL-UNVERIFIED; do
	target_case express-simplewebauthn "$id" "$id" "(weak)" "$id=fail"
done
done_testing
