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
if target_start express-simplewebauthn "$W"; then
	target_audit "$W" "$T/weak.tsv"
	expect_verdicts "$T/weak.tsv" "(weak)" AUTH-OTP-EMPTY=fail \
		AUTH-OTP-NOT-BOUND=fail AUTH-TRUSTED-HEADER=fail \
		TOTP-BRUTEFORCE=fail
else
	for _ in 1 2 3 4; do
		ok 1 "express-simplewebauthn --weak $W starts"
	done
fi
for id in AUTH-2FA-SKIP TOTP-ENROLL-UNVERIFIED; do
	if target_start express-simplewebauthn "$id"; then
		target_audit "$id" "$T/one.tsv"
		expect_verdicts "$T/one.tsv" "(weak)" "$id=fail"
	else
		ok 1 "express-simplewebauthn --weak $id starts"
	fi
done
done_testing
