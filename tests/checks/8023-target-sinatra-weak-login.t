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
if target_start sinatra-webauthn "$W"; then
	target_audit "$W" "$T/weak.tsv"
	expect_verdicts "$T/weak.tsv" "(weak)" AUTH-OTP-EMPTY=fail \
		AUTH-OTP-NOT-BOUND=fail AUTH-TRUSTED-HEADER=fail \
		TOTP-BRUTEFORCE=fail
else
	for _ in 1 2 3 4; do ok 1 "sinatra-webauthn --weak $W starts"; done
fi
for id in AUTH-2FA-SKIP TOTP-ENROLL-UNVERIFIED TOTP-LOCKOUT-BYPASS; do
	if target_start sinatra-webauthn "$id"; then
		target_audit "$id" "$T/one.tsv"
		expect_verdicts "$T/one.tsv" "(weak)" "$id=fail"
	else
		ok 1 "sinatra-webauthn --weak $id starts"
	fi
done
done_testing
