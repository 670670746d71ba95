#!/bin/sh
# sms-sim under a bounded loopback load from parallel curl clients: every
# request is answered, malformed ones with the provider's error, and
# /stats counts exactly the accepted messages (none lost, none doubled).
# (tests/unit/test_sms_load.c does the same with 4,000 requests from a C
# client.)
. "${0%/*}/../lib.sh"
command -v curl >/dev/null 2>&1 || skip_all "curl not installed"
command -v xargs >/dev/null 2>&1 || skip_all "xargs not installed"
plan 5
smssim_start || skip_all "sms-sim did not start"
TW="$SMS_URL/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json"
N=400
# Each line: one request; every 4th has an invalid To.
i=0
while [ "$i" -lt "$N" ]; do
	if [ $((i % 4)) -eq 3 ]; then
		echo "To=12$i&From=a&Body=x"
	else
		printf 'To=%%2B1202555%04d&From=a&Body=code+%06d\n' $((i % 10000)) "$i"
	fi
	i=$((i + 1))
done >"$T/reqs"
# 8 parallel clients, one curl per request.
xargs -P 8 -L 25 sh -c 'for d; do curl -s -o /dev/null -w "%{http_code}\n" \
	-X POST "$0" --data-binary "$d"; done' "$TW" <"$T/reqs" >"$T/codes"
is "$(wc -l <"$T/codes" | tr -d ' ')" "$N" "every request answered"
is "$(grep -c '^201$' "$T/codes")" $((N * 3 / 4)) "valid sends: 201"
is "$(grep -c '^400$' "$T/codes")" $((N / 4)) "invalid To: 400"
stats=$(curl -s "$SMS_URL/stats")
like "$stats" "*\"accepted\":$((N * 3 / 4)),*" "stats: accepted exact"
like "$stats" "*\"rejected\":$((N / 4)),*" "stats: rejected exact"
done_testing
