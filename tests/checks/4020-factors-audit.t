#!/bin/sh
# The factors module in an audit, both lab shapes: the report's factor
# inventory comes from the probes, the profile and other modules, merged
# with the directories when the profile names a public domain; FACTOR-*
# results from that inventory.
. "${0%/*}/../lib.sh"

cat >"$T/all.json" <<'JSON'
{"fallback.example": {"methods": ["sms", "totp", "u2f"]},
 "strong.example": {"methods": ["totp", "u2f"]}}
JSON

# with_factors SECTION OUT: the lab profile copy with its "factors" section
# (two lines) replaced
with_factors() {
	sed -e '/^  "factors": {"offered"/,/"comment"/d' \
	    -e "1s|^{|{\"factors\": $1,|" "$LAB_PROFILE" >"$2"
}

ALL="FACTOR-NONE,FACTOR-PHONE-ONLY,FACTOR-NO-PHISHING-RESISTANT,FACTOR-SMS-FALLBACK"

for shape in a b; do
	lab_start "$shape" "" || { ok 1 "lab $shape starts"; continue; }

	audit_json "$LAB_PROFILE" "$ALL,DISCOVERY-ROPC" "$T/r.json" --fail-on none
	ok $? "shape $shape: audit runs"
	like "$(tr -d ' \n' <"$T/r.json")" '*"factors":{*"passkey":true*' \
		"  ... report inventory has the probed passkey"
	like "$(tr -d '\n' <"$T/r.json")" '*"factor_sources"*probe /.well-known/passkey-endpoints*' \
		"  ... with its source"
	case $(cat "$T/r.json") in *2fa.directory*) r=1 ;; *) r=0 ;; esac
	ok $r "  ... loopback target without a domain: no directory lookup"
	expect_status FACTOR-NONE pass "shape $shape hardened: FACTOR-NONE passes"
	expect_status FACTOR-NO-PHISHING-RESISTANT pass \
		"shape $shape hardened: FACTOR-NO-PHISHING-RESISTANT passes"
	expect_status FACTOR-PHONE-ONLY pass "shape $shape hardened: FACTOR-PHONE-ONLY passes"
	expect_status FACTOR-SMS-FALLBACK pass \
		"shape $shape hardened (declares no SMS login): FACTOR-SMS-FALLBACK passes"

	# directory merge through the profile's public domain
	with_factors '{"domain": "fallback.example", "directory": "'"$T"'/all.json"}' "$T/p1.json"
	is "$(audit_status FACTOR-SMS-FALLBACK "$T/p1.json")" fail \
		"shape $shape, domain in the directory with sms+u2f: FACTOR-SMS-FALLBACK fails"
	like "$(cat "$T/last.tsv")" "*SMS offered*" "  ... naming SMS"
	audit_json "$T/p1.json" FACTOR-NONE "$T/r1.json" --fail-on none
	like "$(tr -d '\n' <"$T/r1.json")" '*"factor_sources"*2fa.directory fallback.example*' \
		"  ... the directory is a source of the report's inventory"
	like "$(tr -d ' \n' <"$T/r1.json")" '*"factors":{*"call":false*' \
		"  ... and says what the service does not offer"
	with_factors '{"domain": "strong.example", "directory": "'"$T"'/all.json", "offered": {"sms": false, "call": false}}' "$T/p2.json"
	is "$(audit_status FACTOR-SMS-FALLBACK "$T/p2.json")" pass \
		"shape $shape, no SMS offered (declared, directory agrees): FACTOR-SMS-FALLBACK passes"

	# the profile's declaration outranks probes and directory
	with_factors '{"offered": {"sms": false, "call": false, "email": false, "totp": false, "webauthn": false, "passkey": false, "push": false}}' "$T/p3.json"
	is "$(audit_status FACTOR-NONE "$T/p3.json")" fail \
		"shape $shape, declared: no second factor: FACTOR-NONE fails"
	with_factors '{"offered": {"sms": true, "totp": false, "webauthn": false, "passkey": false, "push": false}}' "$T/p4.json"
	is "$(audit_status FACTOR-PHONE-ONLY "$T/p4.json")" fail \
		"shape $shape, declared: sms only: FACTOR-PHONE-ONLY fails"
	is "$(audit_status FACTOR-NO-PHISHING-RESISTANT "$T/p4.json")" fail \
		"shape $shape, declared: no key or passkey: FACTOR-NO-PHISHING-RESISTANT fails"
	with_factors '{"offered": {"sms": true}}' "$T/p5.json"
	is "$(audit_status FACTOR-PHONE-ONLY "$T/p5.json")" pass \
		"shape $shape, sms declared next to the probed passkey: FACTOR-PHONE-ONLY passes"

	# --only: the module reports nothing it was not asked for
	audit_tsv "$LAB_PROFILE" "FACTOR-NONE" >"$T/only.tsv"
	is "$(result_status "$T/only.tsv" DISCOVERY-ROPC)" "" "--only: other factors checks absent"
	lab_stop
done
done_testing
