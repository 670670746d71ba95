#!/bin/sh
# Extension: an account enrolled beforehand gives its seed as
# "totp_secret_env" in the profile. Enroll by hand with curl, confirm with
# `auth-audit totp code`, then audit: the checks use that seed, nothing is
# enrolled (TOTP-ENROLL-UNVERIFIED not_tested) and the seed never shows.
. "${0%/*}/../lib.sh"

command -v curl >/dev/null 2>&1 || skip_all "curl(1) not installed"
# A seed named in the profile carries no period: the standard 30 s.
LAB_TOTP_PERIOD=30
plan 7
lab_start a "" || { skip "no lab" 7; done_testing; }

req() {
	_m=$1
	_path=$2
	shift 2
	curl -s -o "$T/body" -w '%{http_code}' -b "$T/jar" -c "$T/jar" \
		-X "$_m" "$@" "$LAB_URL$_path" >"$T/status"
	cat "$T/body"
}
req POST /api/login -d '{"username":"audit-a","password":"lab-pass-a"}' >/dev/null
b=$(req POST /api/2fa/totp/enroll)
is "$(cat "$T/status")" 200 "enrolled by hand"
printf '%s' "$b" | sed 's/.*"otpauth":"\([^"]*\)".*/\1/' >"$T/uri"
secret=$(sed 's/.*secret=\([A-Z2-7]*\).*/\1/' "$T/uri")
code=$("$AUDIT" totp code --uri-file "$T/uri")
like "$code" "[0-9][0-9][0-9][0-9][0-9][0-9]" "totp code prints 6 digits"
req POST /api/2fa/totp/confirm -d "{\"code\":\"$code\"}" >/dev/null
is "$(cat "$T/status")" 200 "confirmed with the code from 'auth-audit totp code'"

# Profile copy: account audit-a names its seed through the environment.
sed 's/"username": "audit-a", "password": "lab-pass-a"/&, "totp_secret_env": "AA_TEST_SEED_A"/' \
	"$LAB_PROFILE" >"$T/seed.json"
AA_TEST_SEED_A=$secret
export AA_TEST_SEED_A
audit_tsv "$T/seed.json" "TOTP-REPLAY,TOTP-SEED-WEAK,TOTP-ENROLL-UNVERIFIED" \
	--also "json=$T/r.json" >"$T/r.tsv"
is "$(result_status "$T/r.tsv" TOTP-REPLAY)" pass "replay probe runs on the profile seed"
is "$(result_status "$T/r.tsv" TOTP-SEED-WEAK)" pass "the profile seed is judged"
is "$(result_status "$T/r.tsv" TOTP-ENROLL-UNVERIFIED)" not_tested "nothing enrolled: not tested"
! grep -q "$secret" "$T/r.json" "$T/r.tsv"
ok $? "the seed is not in the report"
done_testing
