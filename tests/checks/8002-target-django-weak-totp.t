#!/bin/sh
# django-otp with the TOTP, recovery-code and session misuses of its
# README switched on together (they do not mask one another): each is
# detected. TOTP-LOCKOUT-BYPASS runs alone (8003): the weak replay path
# checks codes with its own loop, which answers "invalid" while throttled
# and counts throttled tries, so the throttle cannot be seen there.
. "${0%/*}/../lib.sh"
. "$AA_TESTS/targets/targets.sh"

W=TOTP-REPLAY,TOTP-WINDOW,TOTP-SEED-WEAK,TOTP-SEED-REDISCLOSED
W=$W,TOTP-URI-NONSTANDARD,AUTH-RECOVERY-REUSE
W=$W,AUTH-LOGOUT,AUTH-COOKIE-FLAGS,AUTH-DISABLE-NO-REAUTH
set -- $(echo "$W" | tr ',' '\n' | sed 's/$/=fail/')
plan $#
target_case django-otp "$W" "$W" "(weak)" "$@"
done_testing
