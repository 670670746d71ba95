#!/bin/sh
# express-simplewebauthn's passkeys (SimpleWebAuthn as its docs show:
# a usernameless sign-in of its own, resident keys required, the options
# the whole body), audited with the software key through libfido2: the
# key makes discoverable credentials and signs in whoever owns the one it
# picks, and every login probe counts by whether /api/me opens for that
# account. Expected finding of the defaults: FIDO-CROSS-ORIGIN (the
# library ignores crossOrigin). Not tested, with their reasons: FIDO-UV
# and FIDO-ATTESTATION (never asked for), FIDO-ALG (every algorithm the
# key has is offered). With the software key the baseline also puts a
# passkey on each account, so AUTH-FACTOR-IDOR (a passkey removed by its
# id) and AUTH-DISABLE-NO-REAUTH (the removal asks for the password) run
# on them.
. "${0%/*}/../lib.sh"
. "$AA_TESTS/targets/targets.sh"

TARGET_DEVICE=soft
set -- FIDO-NOT-OFFERED=pass FIDO-REGISTER-UNAUTH=pass FIDO-ORIGIN=pass \
	FIDO-CROSS-ORIGIN=fail FIDO-RPID=pass FIDO-TYPE=pass \
	FIDO-CHALLENGE=pass FIDO-REPLAY=pass FIDO-SIGNATURE=pass FIDO-UP=pass \
	FIDO-UV=not_tested FIDO-COUNTER=pass FIDO-CRED-NOT-BOUND=pass \
	FIDO-CRED-UNKNOWN=pass FIDO-CRED-SUBSTITUTION=pass \
	FIDO-ATTESTATION=not_tested FIDO-ALG=not_tested \
	FIDO-CHALLENGE-WEAK=pass FIDO-USER-HANDLE-PII=pass \
	FIDO-ENUMERATION=pass AUTH-FACTOR-IDOR=pass AUTH-DISABLE-NO-REAUTH=pass
plan $#
target_case express-simplewebauthn "" 'FIDO-*,AUTH-FACTOR-IDOR,AUTH-DISABLE-NO-REAUTH' \
	"(defaults, software key)" "$@"
done_testing
