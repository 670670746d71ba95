#!/bin/sh
# sms-sim command line: usage errors, loopback only, price CSV errors.
. "${0%/*}/../lib.sh"
plan 10
run_ok "sms-sim --help" "$AUDIT" sms-sim --help
like "$(cat "$T/out")" "*sms-sim serve --listen HOST:PORT*" "help shows serve"
"$AUDIT" sms-sim serve >/dev/null 2>&1
is "$?" 2 "serve without --listen: exit 2"
"$AUDIT" sms-sim serve --listen 10.0.0.1:0 >/dev/null 2>"$T/err"
is "$?" 2 "non-loopback address refused: exit 2"
like "$(cat "$T/err")" "*not loopback*" "says why"
"$AUDIT" sms-sim serve --listen nonsense >/dev/null 2>&1
is "$?" 2 "bad HOST:PORT: exit 2"
printf 'UZ,0.3\nPK,abc\n' >"$T/p.csv"
"$AUDIT" sms-sim serve --listen 127.0.0.1:0 --prices "$T/p.csv" \
	>/dev/null 2>"$T/err"
is "$?" 2 "bad price CSV: exit 2"
like "$(cat "$T/err")" "*line 2*" "names the line"
"$AUDIT" sms-sim bogus >/dev/null 2>&1
is "$?" 2 "unknown subcommand: exit 2"
printf 'key,usd\nUS,0.5\n' >"$T/ok.csv"
smssim_start --prices "$T/ok.csv"
curl -s -X POST "$SMS_URL/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json" \
	-d 'To=%2B15555550101&From=a&Body=x' >/dev/null 2>&1
like "$(curl -s "$SMS_URL/stats" 2>/dev/null)" '*"cost":0.5,*' "--prices rate used"
done_testing
