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
target_case express-simplewebauthn "$W" "$W" "(weak)" "$@"
done_testing
