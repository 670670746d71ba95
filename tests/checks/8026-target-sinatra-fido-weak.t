#!/bin/sh
# sinatra-webauthn's WebAuthn misuses (README, weakness switches), each
# detected with the software key: three groups whose switches do not
# cover for one another. FIDO-CHALLENGE (the challenge read back from the
# client data) would also let every replay probe through, so FIDO-REPLAY
# (the challenge kept after use) runs alone.
. "${0%/*}/../lib.sh"
. "$AA_TESTS/targets/targets.sh"

TARGET_DEVICE=soft
W1=FIDO-ORIGIN,FIDO-UP,FIDO-COUNTER,FIDO-CRED-NOT-BOUND,FIDO-USER-HANDLE-PII
W1=$W1,FIDO-ENUMERATION,FIDO-REGISTER-UNAUTH
W2=FIDO-CHALLENGE,FIDO-RPID,FIDO-UV,FIDO-CRED-SUBSTITUTION
plan 12
target_case sinatra-webauthn "$W1" "$W1" "(weak)" FIDO-ORIGIN=fail \
	FIDO-UP=fail FIDO-COUNTER=fail FIDO-CRED-NOT-BOUND=fail \
	FIDO-USER-HANDLE-PII=fail FIDO-ENUMERATION=fail \
	FIDO-REGISTER-UNAUTH=fail
target_case sinatra-webauthn "$W2" "$W2" "(weak)" FIDO-CHALLENGE=fail \
	FIDO-RPID=fail FIDO-UV=fail FIDO-CRED-SUBSTITUTION=fail
target_case sinatra-webauthn FIDO-REPLAY FIDO-REPLAY "(weak)" FIDO-REPLAY=fail
done_testing
