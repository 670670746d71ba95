#!/bin/sh
# SMS checks after the auth module enrolled recovery codes (logins are then
# pending on another factor): the SMS module completes the login with that
# factor, enrols the phone, and every SMS check still passes on the
# hardened lab. Both shapes.
. "${0%/*}/../lib.sh"
IDS=AUTH-RECOVERY-REUSE,AUTH-LOGOUT,SMS-CODE-LEAK,SMS-REPLAY,SMS-OTP-WEAK,SMS-BRUTEFORCE,SMS-RATE-NUMBER,SMS-PUMPING-EXPOSURE
plan 16
for shape in a b; do
	sms_lab_start "$shape" "" || { skip "lab did not start" 8; continue; }
	audit_tsv "$LAB_PROFILE" "$IDS" >"$T/r.tsv"
	for id in $(echo "$IDS" | tr , ' '); do
		is "$(result_status "$T/r.tsv" "$id")" pass "shape $shape: $id pass"
	done
done
done_testing
