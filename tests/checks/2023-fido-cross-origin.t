#!/bin/sh
# FIDO-CROSS-ORIGIN: detection (lab with the weakness: fail) and clean
# (hardened lab: pass) on both API shapes, through the software key.
. "${0%/*}/../lib.sh"
. "${0%/*}/fido.sh"

plan 4
fido_detects FIDO-CROSS-ORIGIN a
fido_detects FIDO-CROSS-ORIGIN b
done_testing
