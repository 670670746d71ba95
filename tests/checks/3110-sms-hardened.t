#!/bin/sh
# All SMS checks in one audit of the hardened lab pass (the probes share
# the lab's send limits, so this catches probes that trip each other),
# and every weakness at once fails every check. Both shapes.
. "${0%/*}/../lib.sh"
ALL=SMS-CODE-LEAK,SMS-BRUTEFORCE,SMS-REPLAY,SMS-OTP-WEAK,SMS-RATE-NUMBER,SMS-RATE-CLIENT,SMS-SEQUENTIAL,SMS-GEO,SMS-ANON-TRIGGER,SMS-PUMPING-EXPOSURE
plan 44
for shape in a b; do
	sms_lab_start "$shape" "" || { skip "lab did not start" 11; continue; }
	audit_tsv "$LAB_PROFILE" "$ALL" >"$T/all.tsv"
	is "$?" 0 "shape $shape hardened: audit exit 0"
	for id in $(echo "$ALL" | tr , ' '); do
		is "$(result_status "$T/all.tsv" "$id")" pass \
			"shape $shape hardened: $id pass"
	done
	sms_lab_start "$shape" "$ALL" || { skip "lab did not start" 11; continue; }
	audit_tsv "$LAB_PROFILE" "$ALL" >"$T/all.tsv"
	isnt "$?" 0 "shape $shape all weak: audit exit non-zero"
	for id in $(echo "$ALL" | tr , ' '); do
		is "$(result_status "$T/all.tsv" "$id")" fail \
			"shape $shape all weak: $id fail"
	done
done
done_testing
