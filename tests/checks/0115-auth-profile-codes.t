#!/bin/sh
# An account that already has recovery codes (enrolled outside the audit)
# can only log in when the profile hands the auditor some of its codes
# (account member "recovery_codes", docs/CHECKS-AUTH.md): without them the
# checks are not_tested, with them they run.
. "${0%/*}/../lib.sh"

command -v curl >/dev/null 2>&1 || skip_all "curl(1) not installed"

plan 4
lab_start a "" || { skip "lab did not start" 4; done_testing; }

# enroll audit-a by hand: login (ENROLL session), then a batch of codes
curl -s -c "$T/jar" -b "$T/jar" -H 'Content-Type: application/json' \
	-d '{"username":"audit-a","password":"lab-pass-a"}' \
	"$LAB_URL/api/login" >/dev/null
curl -s -c "$T/jar" -b "$T/jar" -X POST "$LAB_URL/api/recovery-codes" \
	>"$T/codes.json"
codes=$(sed -n 's/.*"codes":\(\[[^]]*\]\).*/\1/p' "$T/codes.json")
like "$codes" '\["????-????-????-????",*' "audit-a enrolled outside the audit"

st() {
	audit_tsv "$2" "$1" >"$T/st.tsv"
	awk -F '\t' -v id="$1" '$1 == id { print $2 ": " $4 }' "$T/st.tsv"
}
like "$(st AUTH-SESSION-FIXATION "$LAB_PROFILE")" "not_tested: *no second factor*" \
	"without the account's codes: not_tested"
sed "s/\"username\": \"audit-a\",/\"username\": \"audit-a\", \"recovery_codes\": $codes,/" \
	"$LAB_PROFILE" >"$T/with-codes.json"
like "$(st AUTH-SESSION-FIXATION "$T/with-codes.json")" "pass: *" \
	"with the account's codes from the profile: the check runs"
audit_json "$T/with-codes.json" AUTH-SESSION-FIXATION "$T/r.json"
leak=0
for c in $(printf '%s' "$codes" | tr -d '[]"' | tr ',' ' '); do
	grep -q "$c" "$T/r.json" && leak=1
done
is "$leak" 0 "none of the profile's codes is in the report"
lab_stop
done_testing
