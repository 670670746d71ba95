#!/bin/sh
# limits.max_sms bounds every text the audit triggers: with a budget of 3
# sms-sim receives at most 3, and the probes that could not finish are
# not_tested (never pass).
. "${0%/*}/../lib.sh"
command -v curl >/dev/null 2>&1 || skip_all "curl not installed"
ALL=SMS-CODE-LEAK,SMS-BRUTEFORCE,SMS-REPLAY,SMS-OTP-WEAK,SMS-RATE-NUMBER,SMS-RATE-CLIENT,SMS-SEQUENTIAL,SMS-GEO,SMS-ANON-TRIGGER,SMS-PUMPING-EXPOSURE
plan 6
sms_lab_start a "" || skip_all "lab did not start"
sed 's|"limits": {|"limits": {"max_sms": 3, |' "$LAB_PROFILE" >"$T/p.json"
grep -q '"max_sms": 3' "$T/p.json"
ok $? "profile with max_sms 3"
audit_tsv "$T/p.json" "$ALL" >"$T/r.tsv"
n=$(curl -s "$SMS_URL/stats" | sed -n 's/.*"accepted":\([0-9]*\),.*/\1/p')
[ -n "$n" ] && [ "$n" -le 3 ]
ok $? "sms-sim received at most 3 texts (got $n)"
for id in SMS-RATE-NUMBER SMS-SEQUENTIAL SMS-GEO SMS-PUMPING-EXPOSURE; do
	is "$(result_status "$T/r.tsv" "$id")" not_tested "$id not_tested"
done
done_testing
