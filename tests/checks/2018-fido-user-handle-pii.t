#!/bin/sh
# FIDO-USER-HANDLE-PII: detection (lab with the weakness: fail) and clean (hardened lab:
# pass) on both API shapes, end to end through libfido2 and the software key.
. "${0%/*}/../lib.sh"
. "${0%/*}/fido.sh"

plan 6
fido_detects FIDO-USER-HANDLE-PII a
fido_detects FIDO-USER-HANDLE-PII b

# Regression: a server whose user.id is the e-mail still verifies logins
# against that handle, so the other probes must still run (not not_tested).
for shape in a b; do
	if lab_start "$shape" FIDO-USER-HANDLE-PII; then
		audit_tsv "$LAB_PROFILE" 'FIDO-*' --device soft >"$T/pii.tsv"
		left=$(awk -F '\t' '$2 == "not_tested" { print $1 }' "$T/pii.tsv" | tr '\n' ' ')
		is "$left" "" "shape $shape: with a PII user handle every FIDO probe still runs"
	else
		ok 1 "shape $shape: lab starts"
	fi
done
lab_stop
done_testing
