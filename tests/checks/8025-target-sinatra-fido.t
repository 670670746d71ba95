#!/bin/sh
# sinatra-webauthn's security keys (webauthn-ruby at its README's set-up:
# a second factor after the password, options nested in "publicKey",
# the credential wrapped in {"credential"}), audited with the software
# key through libfido2. Every login probe counts by its effect: whether
# /api/me opens for that account afterwards, beside a correct assertion
# that does. Expected finding of the defaults: FIDO-CROSS-ORIGIN
# (webauthn-ruby 2.5 reads no crossOrigin); FIDO-UV and FIDO-ATTESTATION
# are not_tested (the service never asks for either). rack-attack's
# 5 logins and 5 assertions per 20 s are waited out.
. "${0%/*}/../lib.sh"
. "$AA_TESTS/targets/targets.sh"

TARGET_DEVICE=soft
set -- FIDO-NOT-OFFERED=pass FIDO-REGISTER-UNAUTH=pass FIDO-ORIGIN=pass \
	FIDO-CROSS-ORIGIN=fail FIDO-RPID=pass FIDO-TYPE=pass \
	FIDO-CHALLENGE=pass FIDO-REPLAY=pass FIDO-SIGNATURE=pass FIDO-UP=pass \
	FIDO-UV=not_tested FIDO-COUNTER=pass FIDO-CRED-NOT-BOUND=pass \
	FIDO-CRED-UNKNOWN=pass FIDO-CRED-SUBSTITUTION=pass \
	FIDO-ATTESTATION=not_tested FIDO-ALG=pass FIDO-CHALLENGE-WEAK=pass \
	FIDO-USER-HANDLE-PII=pass FIDO-ENUMERATION=pass
plan $#
target_case sinatra-webauthn "" 'FIDO-*' "(defaults, software key)" "$@"
done_testing
