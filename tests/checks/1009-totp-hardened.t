#!/bin/sh
# The hardened lab, both shapes: every TOTP check runs in one audit and
# passes; the evidence carries the measured numbers; no seed, code or URI
# reaches the report; the auditor removes the factor it enrolled.
. "${0%/*}/../lib.sh"

# TOTP-URI-NONSTANDARD passes only on the standard 30 s period.
LAB_TOTP_PERIOD=30
IDS='TOTP-REPLAY,TOTP-WINDOW,TOTP-BRUTEFORCE,TOTP-LOCKOUT-BYPASS,TOTP-SEED-WEAK,TOTP-SEED-REDISCLOSED,TOTP-ENROLL-UNVERIFIED,TOTP-URI-NONSTANDARD'

plan 12
for shape in a b; do
	if ! lab_start "$shape" ""; then
		ok 1 "hardened lab (shape $shape) starts"
		skip "no lab" 5
		continue
	fi
	audit_tsv "$LAB_PROFILE" "$IDS" --also "json=$T/r-$shape.json" \
		>"$T/all-$shape.tsv"
	is "$(awk -F '\t' '$1 ~ /^TOTP-/ && $2 == "pass"' "$T/all-$shape.tsv" | wc -l | tr -d ' ')" 8 \
		"shape $shape: all 8 TOTP checks pass" ||
		sed 's/^/#   /' "$T/all-$shape.tsv" "$T/audit.err"
	grep -q '"steps_back": 1' "$T/r-$shape.json"
	ok $? "shape $shape: window evidence measured"
	grep -q '"rate_per_s"' "$T/r-$shape.json"
	ok $? "shape $shape: brute-force evidence has the rate"
	! grep -Eq 'secret=[A-Z2-7]{8}|"[A-Z2-7]{32}"' "$T/r-$shape.json"
	ok $? "shape $shape: no seed or otpauth URI in the report"
	! grep -q 'otpauth://totp/AuthLab' "$T/r-$shape.json"
	ok $? "shape $shape: not even a redacted otpauth URI"
	# Cleanup: the factor is gone, so the next audit can enroll again.
	audit_tsv "$LAB_PROFILE" "TOTP-SEED-WEAK" >"$T/again-$shape.tsv"
	is "$(result_status "$T/again-$shape.tsv" TOTP-SEED-WEAK)" pass \
		"shape $shape: a second audit enrolls again (factor was removed)"
	lab_stop
done
done_testing
