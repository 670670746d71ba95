#!/bin/sh
# SMS-PUMPING-EXPOSURE: detection (lab --weak SMS-PUMPING-EXPOSURE -> fail) and clean (hardened -> pass)
# on both lab shapes, with sms-sim as the lab's SMS provider.
. "${0%/*}/../lib.sh"
plan 6
sms_check_detects SMS-PUMPING-EXPOSURE SMS-PUMPING-EXPOSURE a
sms_check_detects SMS-PUMPING-EXPOSURE SMS-PUMPING-EXPOSURE b
# The evidence also holds the estimate with no controls, and the HTML
# report draws both.
if sms_lab_start a ""; then
	"$AUDIT" audit --profile "$LAB_PROFILE" --only SMS-PUMPING-EXPOSURE \
	    --format html --out "$T/p.html" --also json="$T/p.json" 2>/dev/null
	lab_stop
	smssim_stop
fi
python3 -c 'import json,sys; e=json.load(open(sys.argv[1]))["results"][0]["evidence"]; sys.exit(0 if e["no_controls"]["loss_usd"] > e["loss_usd"] == 0 else 1)' "$T/p.json" 2>/dev/null
ok $? "hardened: no controls would lose money, the measured ones none"
grep -q '<title>SMS-pumping loss per month without and with the measured controls</title>' "$T/p.html"
ok $? "the HTML report charts the estimate of a passed check too"
done_testing
