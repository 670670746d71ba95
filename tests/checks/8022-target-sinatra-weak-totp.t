#!/bin/sh
# sinatra-webauthn with the TOTP, recovery-code and factor-management
# misuses of its README switched on together (they do not mask one
# another): each is detected. AUTH-FACTOR-IDOR names B's factor ids as
# B's own list shows them, whether or not A's session can read that list.
. "${0%/*}/../lib.sh"
. "$AA_TESTS/targets/targets.sh"

W=TOTP-REPLAY,TOTP-WINDOW,TOTP-SEED-WEAK,TOTP-SEED-REDISCLOSED
W=$W,TOTP-URI-NONSTANDARD,AUTH-RECOVERY-REUSE,AUTH-RECOVERY-WEAK
W=$W,AUTH-DISABLE-NO-REAUTH,AUTH-FACTOR-IDOR,AUTH-PHONE-DISCLOSED
set -- $(echo "$W" | tr ',' '\n' | sed 's/$/=fail/')
plan $#
target_case sinatra-webauthn "$W" "$W" "(weak)" "$@"
done_testing
