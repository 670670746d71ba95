#!/bin/sh
# Without sms.inbox the audit starts sms-sim itself on loopback. With
# "sms": {"listen": "127.0.0.1:PORT"} and the lab sending there, the
# checks run against the in-process simulator; with no fixed port the
# target cannot deliver to it and every SMS check is not_tested.
. "${0%/*}/../lib.sh"
plan 4
# A free port: let sms-sim pick one, then release it.
smssim_start || skip_all "sms-sim did not start"
port=$SMS_PORT
smssim_stop
lab_start a "SMS-GEO" --sms-api "http://127.0.0.1:$port" ||
	skip_all "lab did not start"
sed "s|\"sms\": {\"inbox\": \"http://127\.0\.0\.1:1\"}|\"sms\": {\"listen\": \"127.0.0.1:$port\"}|" \
	"$LAB_PROFILE" >"$T/inproc.json"
grep -q '"listen"' "$T/inproc.json"
ok $? "profile rewritten to an in-process sms-sim"
audit_tsv "$T/inproc.json" SMS-GEO,SMS-RATE-NUMBER >"$T/r.tsv"
is "$(result_status "$T/r.tsv" SMS-GEO)" fail "in-process sms-sim: SMS-GEO detected"
is "$(result_status "$T/r.tsv" SMS-RATE-NUMBER)" pass "in-process sms-sim: SMS-RATE-NUMBER pass"
sed 's|"sms": {"inbox": "http://127\.0\.0\.1:1"},||' "$LAB_PROFILE" >"$T/nosms.json"
audit_tsv "$T/nosms.json" SMS-GEO >"$T/n.tsv"
is "$(result_status "$T/n.tsv" SMS-GEO)" not_tested \
	"in-process sms-sim the target does not use: not_tested"
done_testing
