#!/bin/sh
# `make demo`: start sms-sim and auth-lab (a few weaknesses switched on),
# audit the lab with the shape-a profile and the built-in software key,
# print the text report and leave JSON, SARIF and HTML copies next to it.
. "$(dirname "$0")/../lib.sh"

WEAK=AUTH-OTP-EMPTY,AUTH-LOGOUT,AUTH-SESSION-FIXATION,AUTH-COOKIE-FLAGS
WEAK=$WEAK,AUTH-PHONE-DISCLOSED,TOTP-REPLAY,TOTP-WINDOW,FIDO-COUNTER
WEAK=$WEAK,FIDO-USER-HANDLE-PII,SMS-CODE-LEAK,SMS-RATE-NUMBER
OUT="$AA_BUILD/demo"
# The real-world TOTP period (the tests use a short one).
LAB_TOTP_PERIOD=30
mkdir -p "$OUT" || exit 3

sms_lab_start a "$WEAK" || { echo "demo: sms-sim or auth-lab did not start" >&2; exit 3; }
echo "demo: auth-lab (shape a) on $LAB_URL sending SMS through sms-sim on $SMS_URL"
echo "demo: weaknesses switched on: $WEAK"
echo
"$AUDIT" audit --profile "$LAB_PROFILE" --device soft --format text \
	--also "json=$OUT/report.json" --also "sarif=$OUT/report.sarif" \
	--also "html=$OUT/report.html"
rc=$?
lab_stop
smssim_stop
echo
echo "demo: reports in $OUT/report.json, report.sarif, report.html (audit exit status $rc)"
# exit 1 only says "findings", which is the point of the demo
[ "$rc" -le 1 ] && exit 0
exit "$rc"
