#!/bin/sh
# FIDO-REPLAY: detection (lab with the weakness: fail) and clean (hardened lab:
# pass) on both API shapes, end to end through libfido2 and the software key.
. "${0%/*}/../lib.sh"
. "${0%/*}/fido.sh"

plan 4
fido_detects FIDO-REPLAY a
fido_detects FIDO-REPLAY b
done_testing
