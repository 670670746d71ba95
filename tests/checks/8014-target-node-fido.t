#!/bin/sh
# express-simplewebauthn's passkeys (SimpleWebAuthn as its docs show:
# a usernameless sign-in of its own, resident keys required, the options
# the whole body), audited with the software key through libfido2: the
# key makes discoverable credentials and signs in whoever owns the one it
# picks, and every login probe counts by whether /api/me opens for that
# account. Expected finding of the defaults: FIDO-CROSS-ORIGIN (the
# library ignores crossOrigin). Not tested, with their reasons: FIDO-UV
# and FIDO-ATTESTATION (never asked for), FIDO-ALG (every algorithm the
# key has is offered); FIDO-ENUMERATION does not apply (the sign-in
# options name no user). With the software key the baseline also puts a
# passkey on each account, so AUTH-FACTOR-IDOR (a passkey removed by its
# id) and AUTH-DISABLE-NO-REAUTH (the removal asks for the password) run
# on them. A second audit of the same accounts, with the same software
# key, gives the same verdicts: the first removed what it registered.
. "${0%/*}/../lib.sh"
. "$AA_TESTS/targets/targets.sh"

set -- FIDO-NOT-OFFERED=pass FIDO-REGISTER-UNAUTH=pass FIDO-ORIGIN=pass \
	FIDO-CROSS-ORIGIN=fail FIDO-RPID=pass FIDO-TYPE=pass \
	FIDO-CHALLENGE=pass FIDO-REPLAY=pass FIDO-SIGNATURE=pass FIDO-UP=pass \
	FIDO-UV=not_tested FIDO-COUNTER=pass FIDO-CRED-NOT-BOUND=pass \
	FIDO-CRED-UNKNOWN=pass FIDO-CRED-SUBSTITUTION=pass \
	FIDO-ATTESTATION=not_tested FIDO-ALG=not_tested \
	FIDO-CHALLENGE-WEAK=pass FIDO-USER-HANDLE-PII=pass \
	FIDO-ENUMERATION=not_applicable AUTH-FACTOR-IDOR=pass AUTH-DISABLE-NO-REAUTH=pass
IDS='FIDO-*,AUTH-FACTOR-IDOR,AUTH-DISABLE-NO-REAUTH'
TARGET_DEVICE="soft:$T/key.json"
plan $(($# + 2))
target_case express-simplewebauthn "" "$IDS" "(defaults, software key)" "$@"
cut -f1,2 "$T/case.tsv" >"$T/run1"
target_audit "$IDS" "$T/run2.tsv"
cut -f1,2 "$T/run2.tsv" >"$T/run2"
is "$(cat "$T/run2")" "$(cat "$T/run1")" \
	"a second audit of the same accounts gives the same verdicts" ||
	diff "$T/run1" "$T/run2" | sed 's/^/#   /' >&2
like "$(cat "$T/audit.err")" "*clean-up: 1 WebAuthn credential*removed*" \
	"  ... and it removed what it registered again"
done_testing
