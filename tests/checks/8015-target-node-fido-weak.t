#!/bin/sh
# express-simplewebauthn's WebAuthn misuses (README, weakness switches),
# each detected with the software key in three groups whose switches do
# not cover for one another: FIDO-CHALLENGE (any challenge) would let the
# replay probes through, so FIDO-REPLAY (challenges kept after use) runs
# alone. FIDO-CRED-NOT-BOUND takes the account from the user handle: the
# probe sends account B's passkey with account A's handle, and only A's
# /api/me opening counts. AUTH-FACTOR-IDOR (a passkey removed by its id
# whoever owns it) and AUTH-DISABLE-NO-REAUTH (no password asked) on the
# passkeys the baseline registers with the software key.
. "${0%/*}/../lib.sh"
. "$AA_TESTS/targets/targets.sh"

TARGET_DEVICE=soft
W1=FIDO-ORIGIN,FIDO-SIGNATURE,FIDO-UP,FIDO-COUNTER,FIDO-CRED-NOT-BOUND
W1=$W1,FIDO-USER-HANDLE-PII,FIDO-REGISTER-UNAUTH,FIDO-RPID
W2=FIDO-CHALLENGE,FIDO-UV,FIDO-CRED-SUBSTITUTION,FIDO-CHALLENGE-WEAK
W3=AUTH-FACTOR-IDOR,AUTH-DISABLE-NO-REAUTH
plan 15
target_case express-simplewebauthn "$W1" "$W1" "(weak)" FIDO-ORIGIN=fail \
	FIDO-SIGNATURE=fail FIDO-UP=fail FIDO-COUNTER=fail \
	FIDO-CRED-NOT-BOUND=fail FIDO-USER-HANDLE-PII=fail \
	FIDO-REGISTER-UNAUTH=fail FIDO-RPID=fail
target_case express-simplewebauthn "$W2" "$W2" "(weak)" FIDO-CHALLENGE=fail \
	FIDO-UV=fail FIDO-CRED-SUBSTITUTION=fail FIDO-CHALLENGE-WEAK=fail
target_case express-simplewebauthn FIDO-REPLAY FIDO-REPLAY "(weak)" \
	FIDO-REPLAY=fail
target_case express-simplewebauthn "$W3" "$W3" "(weak)" \
	AUTH-FACTOR-IDOR=fail AUTH-DISABLE-NO-REAUTH=fail
done_testing
