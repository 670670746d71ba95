#!/bin/sh
# FIDO-USER-HANDLE-PII: detection (lab with the weakness: fail) and clean (hardened lab:
# pass) on both API shapes, end to end through libfido2 and the software key.
. "${0%/*}/../lib.sh"
. "${0%/*}/fido.sh"

plan 4
fido_detects FIDO-USER-HANDLE-PII a
fido_detects FIDO-USER-HANDLE-PII b
done_testing
