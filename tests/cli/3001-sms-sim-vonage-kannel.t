#!/bin/sh
# sms-sim serve: Vonage /sms/json (form and JSON) and Kannel sendsms,
# with each provider's own error shape.
. "${0%/*}/../lib.sh"
command -v curl >/dev/null 2>&1 || skip_all "curl not installed"
plan 17
smssim_start || skip_all "sms-sim did not start"
V="$SMS_URL/sms/json"
vb() { curl -s -X POST "$V" "$@"; }

like "$(vb -d 'api_key=k&api_secret=s&to=447700900123&from=ACME&text=code+1618')" \
	'{"message-count":"1","messages":[{"to":"447700900123","message-id":"*","status":"0",*' \
	"Vonage form send: status 0"
like "$(vb -H 'Content-Type: application/json' \
	-d '{"api_key":"k","api_secret":"s","to":"998901234567","from":"A","text":"hi"}')" \
	'*"status":"0"*"message-price":"0.24000000"*' "Vonage JSON send, priced"
like "$(vb -d 'api_key=k&api_secret=s&from=A&text=x')" \
	'*"status":"2","error-text":"Missing to param"*' "missing to: status 2"
like "$(vb -d 'api_key=k&api_secret=s&from=A&to=12x4&text=x')" \
	'*"status":"3"*' "invalid to: status 3"
like "$(vb -d 'api_key=k&to=447700900123&from=A&text=x')" \
	'*"status":"0"*' "no secret: accepted (placeholders are fine by default)"
like "$(vb -H 'Content-Type: application/json' -d '{"api_key":')" \
	'*"status":"3"*' "broken JSON: status 3"
is "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$V" -d 'x=%')" 200 \
	"Vonage errors are HTTP 200"

K="$SMS_URL/cgi-bin/sendsms"
is "$(curl -s "$K?username=u&password=p&to=%2B4915112345678&text=Code+4242")" \
	"0: Accepted for delivery" "Kannel send accepted"
is "$(curl -s -o /dev/null -w '%{http_code}' "$K?username=u&password=p&to=004915112345679&text=x")" \
	202 "Kannel 00-prefixed number: 202"
is "$(curl -s "$K?username=u&to=%2B4915112345678&text=x")" \
	"0: Accepted for delivery" "Kannel without password: accepted by default"
is "$(curl -s -o /dev/null -w '%{http_code}' "$K?username=u&password=p&text=x")" \
	400 "Kannel without to: 400"
like "$(curl -s "$K?username=u&password=p&to=abc&text=x")" 'Error*' \
	"Kannel bad number: Error text"
like "$(curl -s "$SMS_URL/stats")" '*"by_api":{"twilio":0,"vonage":3,"kannel":3}*' \
	"stats by provider"
like "$(curl -s "$SMS_URL/inbox?to=%2B4915112345678")" '*"code":"4242"*' \
	"Kannel text in the inbox"
smssim_start --strict || skip_all "sms-sim --strict did not start"
is "$(curl -s "$SMS_URL/cgi-bin/sendsms?username=u&to=%2B4915112345678&text=x")" \
	"Authorization failed for sendsms" "--strict: Kannel without password"
like "$(curl -s -X POST "$SMS_URL/sms/json" -d 'api_key=k&to=447700900123&from=A&text=x')" \
	'*"status":"4"*' "--strict: Vonage without secret: status 4"
like "$(curl -s "$SMS_URL/stats")" \
	'*"last_rejected":[{"api":"kannel","reason":"Authorization failed for sendsms"},{"api":"vonage",*' \
	"/stats names the rejections"
done_testing
