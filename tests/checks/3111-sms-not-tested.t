#!/bin/sh
# Without sms-sim in the loop (lab has no --sms-api, the profile's inbox is
# unreachable) no SMS check may pass: all are not_tested, nothing is sent.
. "${0%/*}/../lib.sh"
ALL=SMS-CODE-LEAK,SMS-BRUTEFORCE,SMS-REPLAY,SMS-OTP-WEAK,SMS-RATE-NUMBER,SMS-RATE-CLIENT,SMS-SEQUENTIAL,SMS-GEO,SMS-ANON-TRIGGER,SMS-PUMPING-EXPOSURE
plan 11
lab_start a "" || skip_all "lab did not start"
audit_tsv "$LAB_PROFILE" "$ALL" >"$T/all.tsv"
for id in $(echo "$ALL" | tr , ' '); do
	is "$(result_status "$T/all.tsv" "$id")" not_tested "$id not_tested"
done
# A running sms-sim the lab does not send to: the proof fails the same way.
smssim_start
sed "s|\"http://127\.0\.0\.1:1\"|\"$SMS_URL\"|" "$LAB_PROFILE" >"$T/p.json"
audit_tsv "$T/p.json" SMS-GEO >"$T/geo.tsv"
like "$(grep '^SMS-GEO' "$T/geo.tsv")" "*not_tested*sms-sim received no request from the target*" \
	"no delivery proof: not_tested, says why"
done_testing
