#!/bin/sh
# express-simplewebauthn with the TOTP, recovery-code and token misuses of
# its README switched on together (they do not mask one another): each
# is detected.
. "${0%/*}/../lib.sh"
. "$AA_TESTS/targets/targets.sh"

W=TOTP-REPLAY,TOTP-WINDOW,TOTP-SEED-REDISCLOSED,TOTP-URI-NONSTANDARD
W=$W,TOTP-LOCKOUT-BYPASS,AUTH-RECOVERY-REUSE,AUTH-RECOVERY-WEAK
W=$W,AUTH-LOGOUT,AUTH-SESSION-FIXATION,AUTH-DISABLE-NO-REAUTH
set -- $(echo "$W" | tr ',' '\n' | sed 's/$/=fail/')
plan $#
if ! target_start express-simplewebauthn "$W"; then
	ok 1 "express-simplewebauthn --weak $W starts"
	done_testing
	exit 1
fi
target_audit "$W" "$T/weak.tsv"
expect_verdicts "$T/weak.tsv" "(weak)" "$@"
done_testing
