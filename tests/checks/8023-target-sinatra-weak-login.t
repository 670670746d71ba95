#!/bin/sh
# sinatra-webauthn with the login-step misuses of its README: empty codes,
# recovery codes not bound to the user (TOTP stays bound), "the office
# proxy" trusting X-Forwarded-For at the password step, TOTP outside the
# lock and the throttle; then alone (each changes what the baseline sees,
# or needs the lock the others switch off) the signed-in guard that
# forgets the pending flag, a TOTP factor live before confirmation, and
# the failure counter kept in the session. rack-attack's 5 codes per
# 20 s stand in front of the lock: the lock probes wait its Retry-After.
. "${0%/*}/../lib.sh"
. "$AA_TESTS/targets/targets.sh"

W=AUTH-OTP-EMPTY,AUTH-OTP-NOT-BOUND,AUTH-TRUSTED-HEADER,TOTP-BRUTEFORCE
plan 7
target_case sinatra-webauthn "$W" "$W" "(weak)" AUTH-OTP-EMPTY=fail \
	AUTH-OTP-NOT-BOUND=fail AUTH-TRUSTED-HEADER=fail TOTP-BRUTEFORCE=fail
for id in AUTH-2FA-SKIP TOTP-ENROLL-UNVERIFIED TOTP-LOCKOUT-BYPASS; do
	target_case sinatra-webauthn "$id" "$id" "(weak)" "$id=fail"
done
done_testing
