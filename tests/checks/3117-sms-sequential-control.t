#!/bin/sh
# SMS-SEQUENTIAL isolates the limit on consecutive numbers from the one
# per account (auth-lab --sms-per-account 5, the way express-rate-limit
# keyed by user limits). A block cut off part-way counts as the block's
# limit only when a number far from the block still goes out through the
# same account right after; refused too, the account's allowance is spent
# and the block goes on from the next account, as an attacker with many
# accounts would. No block limit: the block is served from two accounts
# (fail); with one account only there is none to go on from (not_tested,
# never pass); with the block limit on, the block is cut first and the
# far number goes out (pass).
. "${0%/*}/../lib.sh"
plan 8
sms_lab_start a SMS-SEQUENTIAL --sms-per-account 5 ||
	skip_all "lab or sms-sim did not start"
reason() {
	awk -F '\t' '$1 == "SMS-SEQUENTIAL" { print $4 }' "$1"
}
audit_tsv "$LAB_PROFILE" SMS-SEQUENTIAL --fail-on none >"$T/weak.tsv"
is "$(result_status "$T/weak.tsv" SMS-SEQUENTIAL)" fail \
	"no block limit, a per-account one: the block goes on from another account" ||
	sed 's/^/#   /' "$T/weak.tsv" "$T/audit.err"
like "$(reason "$T/weak.tsv")" "*all 6 of 6*from 2 accounts*" \
	"  ... and the summary says so"
python3 -c 'import json,sys
p=json.load(open(sys.argv[1])); p["accounts"]=p["accounts"][:1]
json.dump(p,open(sys.argv[2],"w"))' "$LAB_PROFILE" "$T/one.json"
lab_stop
smssim_stop
sms_lab_start a SMS-SEQUENTIAL --sms-per-account 5 ||
	skip_all "lab or sms-sim did not start"
python3 -c 'import json,sys
p=json.load(open(sys.argv[1])); q=json.load(open(sys.argv[2]))
q["base_url"]=p["base_url"]; q["sms"]["inbox"]=p["sms"]["inbox"]
json.dump(q,open(sys.argv[2],"w"))' "$LAB_PROFILE" "$T/one.json"
audit_tsv "$T/one.json" SMS-SEQUENTIAL --fail-on none >"$T/one.tsv"
is "$(result_status "$T/one.tsv" SMS-SEQUENTIAL)" not_tested \
	"one account, cut off by its own limit: not tested" ||
	sed 's/^/#   /' "$T/one.tsv" "$T/audit.err"
like "$(reason "$T/one.tsv")" \
	"*cut off after 5 of 6*far from the block*refused too*no test account*" \
	"  ... and the reason says why"
lab_stop
smssim_stop
sms_lab_start a "" --sms-per-account 5 ||
	skip_all "lab or sms-sim did not start"
audit_json "$LAB_PROFILE" SMS-SEQUENTIAL "$T/hard.json" --fail-on none
python3 -c 'import json,sys
r=[x for x in json.load(open(sys.argv[1]))["results"] if x["id"]=="SMS-SEQUENTIAL"][0]
s=r["evidence"]["sends"]
print(r["status"]); print(s[-1]["to"]); print(s[-1]["delivered"]); print(r["summary"])' \
	"$T/hard.json" >"$T/hard.txt"
is "$(sed -n 1p "$T/hard.txt")" pass \
	"the block limit cuts first, the far number goes out: pass"
is "$(sed -n 3p "$T/hard.txt")" True "  ... the control was delivered"
like "$(sed -n 2p "$T/hard.txt")" "+1907555019*" \
	"  ... to a number far from the block"
like "$(sed -n 4p "$T/hard.txt")" "*while a number far from it still went out*" \
	"  ... and the summary says so"
done_testing
