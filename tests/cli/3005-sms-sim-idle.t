#!/bin/sh
# sms-sim under idle connections: 1,010 half-open connections from one
# address (127.0.0.2) take at most their per-address share, so 20 real
# requests from another (127.0.0.1) are all served.
. "${0%/*}/../lib.sh"
command -v curl >/dev/null 2>&1 || skip_all "curl not installed"
plan 3
smssim_start || skip_all "sms-sim did not start"
: >"$T/idle.out"
"$AA_BUILD/tests/tools/idleconn" "$SMS_PORT" 127.0.0.2 1010 30 \
	>"$T/idle.out" 2>&1 </dev/null &
idle=$!
i=0
while ! grep -q '^held' "$T/idle.out" && [ $i -lt 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
like "$(cat "$T/idle.out")" "held 10[01][0-9]" "1,010 idle connections opened"
TW="$SMS_URL/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json"
i=0
while [ $i -lt 20 ]; do
	curl -s -o /dev/null -w '%{http_code}\n' --max-time 8 -X POST "$TW" \
		--data-binary "To=%2B12025550$(printf %03d $i)&From=a&Body=code+1234$i"
	i=$((i + 1))
done >"$T/codes"
is "$(grep -c '^201$' "$T/codes")" 20 "20 real requests all served"
like "$(curl -s --max-time 8 "$SMS_URL/stats")" '*"accepted":20,*' \
	"stats count them"
kill "$idle" 2>/dev/null
wait "$idle" 2>/dev/null
done_testing
