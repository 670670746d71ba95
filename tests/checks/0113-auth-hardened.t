#!/bin/sh
# The hardened lab, both shapes: every AUTH check runs (nothing not_tested
# with the full profiles) and passes, and the reports carry no secret:
# no password, no recovery code, no session cookie value.
. "${0%/*}/../lib.sh"

IDS='AUTH-2FA-SKIP,AUTH-OTP-EMPTY,AUTH-OTP-NOT-BOUND,AUTH-TRUSTED-HEADER,AUTH-DISABLE-NO-REAUTH,AUTH-FACTOR-IDOR,AUTH-SESSION-FIXATION,AUTH-LOGOUT,AUTH-RECOVERY-REUSE,AUTH-RECOVERY-WEAK,AUTH-COOKIE-FLAGS,AUTH-PHONE-DISCLOSED'

plan 14
for shape in a b; do
	if ! lab_start "$shape" ""; then
		ok 1 "hardened lab (shape $shape) starts"
		skip "no lab" 6
		continue
	fi
	audit_tsv "$LAB_PROFILE" "$IDS" --also "json=$T/r-$shape.json" \
		>"$T/all-$shape.tsv"
	is "$(awk -F '\t' '$1 ~ /^AUTH-/' "$T/all-$shape.tsv" | wc -l | tr -d ' ')" 12 \
		"shape $shape: 12 AUTH results"
	is "$(awk -F '\t' '$1 ~ /^AUTH-/ && $2 == "fail"' "$T/all-$shape.tsv" | wc -l | tr -d ' ')" 0 \
		"shape $shape: no AUTH check fails on the hardened lab" ||
		sed 's/^/#   /' "$T/all-$shape.tsv"
	is "$(awk -F '\t' '$1 ~ /^AUTH-/ && $2 == "pass"' "$T/all-$shape.tsv" | wc -l | tr -d ' ')" 12 \
		"shape $shape: all 12 pass (none skipped)" ||
		sed 's/^/#   /' "$T/all-$shape.tsv" "$T/audit.err"
	[ -s "$T/r-$shape.json" ]
	ok $? "shape $shape: json report written"
	! grep -q 'lab-pass-[ab]' "$T/r-$shape.json"
	ok $? "shape $shape: no password in the report"
	! grep -Eq '[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}|"[A-Z2-7]{16}"' "$T/r-$shape.json"
	ok $? "shape $shape: no recovery code in the report"
	! grep -Eq '(sid|SESSION_ID)=[A-Za-z0-9_-]{20,}' "$T/r-$shape.json"
	ok $? "shape $shape: no session cookie value in the report"
	lab_stop
done
done_testing
