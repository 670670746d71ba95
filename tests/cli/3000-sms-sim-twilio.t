#!/bin/sh
# sms-sim serve: the Twilio Messages API, its error shapes, the inbox,
# stats and the JSONL log; malformed requests never stop the server.
. "${0%/*}/../lib.sh"
command -v curl >/dev/null 2>&1 || skip_all "curl not installed"
plan 27
smssim_start --log "$T/sms.jsonl" --port-file "$T/port" ||
	skip_all "sms-sim did not start"
is "$(cat "$T/port")" "$SMS_PORT" "--port-file holds the bound port"
TW="$SMS_URL/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json"
post() { # url data -> body in $T/b, status printed
	curl -s -o "$T/b" -w '%{http_code}' -X POST "$1" --data-binary "$2"
}

is "$(post "$TW" 'To=%2B15555550101&From=%2B15005550006&Body=Your+code+is+314159')" 201 \
	"send: 201 Created"
like "$(cat "$T/b")" '*"sid":"SM*' "message resource has an SM sid"
like "$(cat "$T/b")" '*"status":"queued"*' "status queued"
like "$(cat "$T/b")" '*"to":"+15555550101"*' "echoes To"

is "$(post "$TW" 'From=%2B15005550006&Body=x')" 400 "missing To: 400"
like "$(cat "$T/b")" '*"code":21604*"status":400*' "Twilio error 21604 shape"
is "$(post "$TW" 'To=5551234567&From=%2B15005550006&Body=x')" 400 "bad To: 400"
like "$(cat "$T/b")" "*\"code\":21211,\"message\":\"The 'To' number 5551234567 is not a valid phone number.\"*" \
	"Twilio error 21211 message"
like "$(cat "$T/b")" '*"more_info":"https://www.twilio.com/docs/errors/21211"*' "more_info"
is "$(post "$TW" 'To=%2B15555550101&From=a&Body=%E0%80')" 400 "bad UTF-8: 400"
is "$(post "$TW" 'To=%2B15555550101&From=a&Body=%Z1')" 400 "bad escape: 400"
head -c 200000 /dev/zero | tr '\0' 'a' >"$T/huge"
is "$(curl -s -o "$T/b" -w '%{http_code}' -X POST "$TW" --data-binary @"$T/huge")" 413 \
	"200 kB body: 413"
like "$(cat "$T/b")" '*"code":21617*' "too-large body gets a Twilio error"
is "$(post "$SMS_URL/2010-04-01/Accounts/ACbad/Messages.json" 'To=%2B15555550101')" 400 \
	"a placeholder AccountSid is taken (here: 400 for the missing From)"
is "$(curl -s -o /dev/null -w '%{http_code}' "$TW")" 405 "GET on Messages: 405"
is "$(post "$TW" 'To=%2B998901234567&From=%2B15005550006&Body=code+271828')" 201 \
	"still serving after malformed requests"

inbox=$(curl -s "$SMS_URL/inbox?to=%2B15555550101")
like "$inbox" '*"code":"314159"*' "inbox has the code"
like "$inbox" '*"country":"US"*' "inbox classifies the country"
like "$inbox" '*"received_at":"*' "inbox has received_at"
stats=$(curl -s "$SMS_URL/stats")
like "$stats" '*"accepted":2,*' "stats count accepted messages"
like "$stats" '*"UZ":{"count":1,"cost":0.24}*' "UZ priced at the 12x tier"
is "$(curl -s -o /dev/null -w '%{http_code}' -X DELETE "$SMS_URL/inbox")" 200 "DELETE /inbox"
is "$(curl -s "$SMS_URL/inbox")" "[]" "inbox empty"
is "$(wc -l <"$T/sms.jsonl" | tr -d ' ')" 9 "one log line per send request"
grep -q '314159\|271828' "$T/sms.jsonl"
isnt "$?" 0 "log never contains a code"
like "$(head -1 "$T/sms.jsonl")" '*"body":"Your code is \[redacted\]"*' "log body redacted"
done_testing
