#!/bin/sh
# AUTH checks that cannot run say so (not_tested, naming the missing step or
# account) instead of passing: a profile with one account and no logout or
# factor steps, and one with no second-factor steps at all.
. "${0%/*}/../lib.sh"

plan 14
lab_start a "" || { skip "lab did not start" 14; done_testing; }

cat >"$T/one.json" <<JSON
{
  "name": "one account", "base_url": "$LAB_URL",
  "accounts": [{"username": "audit-a", "password": "lab-pass-a"}],
  "steps": {
    "login": {"method": "POST", "path": "/api/login",
      "json": {"username": "\${username}", "password": "\${password}"},
      "ok": {"status": [200], "json": {"/ok": true}}},
    "protected": {"method": "GET", "path": "/api/me",
      "ok": {"status": [200], "json": {"/ok": true}}},
    "recovery_codes": {"method": "POST", "path": "/api/recovery-codes",
      "extract": {"codes": "json:/codes"},
      "ok": {"status": [200], "json": {"/ok": true}}},
    "recovery_verify": {"method": "POST", "path": "/api/2fa/recovery",
      "json": {"code": "\${code}"}, "ok": {"status": [200], "json": {"/ok": true}}}
  }
}
JSON

# st ID PROFILE: status and summary of one check
st() {
	audit_tsv "$2" "$1" >"$T/st.tsv"
	awk -F '\t' -v id="$1" '$1 == id { print $2 ": " $4 }' "$T/st.tsv"
}
like "$(st AUTH-OTP-NOT-BOUND "$T/one.json")" "not_tested: *two accounts*" \
	"OTP-NOT-BOUND with one account: not_tested"
like "$(st AUTH-FACTOR-IDOR "$T/one.json")" "not_tested: *factor_list*" \
	"FACTOR-IDOR without factor_list: not_tested naming it"
like "$(st AUTH-DISABLE-NO-REAUTH "$T/one.json")" "not_tested: *factor_disable*" \
	"DISABLE-NO-REAUTH without factor_disable: not_tested naming it"
like "$(st AUTH-LOGOUT "$T/one.json")" "not_tested: *logout*" \
	"LOGOUT without logout: not_tested naming it"
like "$(st AUTH-PHONE-DISCLOSED "$T/one.json")" "not_tested: *no phone or e-mail*" \
	"PHONE-DISCLOSED with no phone or e-mail in the profile: not_tested"
# The audits above enrolled recovery codes that this profile cannot
# remove (no factor_disable step): a fresh lab for the next one.
lab_start a "" || { skip "lab did not restart" 8; done_testing; }
sed "s|\"base_url\": \"[^\"]*\"|\"base_url\": \"$LAB_URL\"|" "$T/one.json" \
	>"$T/one2.json"
like "$(st AUTH-2FA-SKIP "$T/one2.json")" "pass: *" \
	"2FA-SKIP still runs with what the profile has"

# no second-factor steps, and a `protected` rule that accepts anything
cat >"$T/none.json" <<JSON
{
  "name": "no second factor", "base_url": "$LAB_URL",
  "accounts": [{"username": "audit-b", "password": "lab-pass-b"},
    {"username": "audit-a", "password": "lab-pass-a"}],
  "steps": {
    "login": {"method": "POST", "path": "/api/login",
      "json": {"username": "\${username}", "password": "\${password}"},
      "ok": {"status": [200], "json": {"/ok": true}}},
    "protected": {"method": "GET", "path": "/api/me",
      "ok": {"status": [200, 401]}},
    "logout": {"method": "POST", "path": "/api/logout"}
  }
}
JSON
like "$(st AUTH-2FA-SKIP "$T/none.json")" "not_tested: *cannot tell access*" \
	"2FA-SKIP with an ok rule that accepts anything: not_tested"
like "$(st AUTH-OTP-EMPTY "$T/none.json")" "not_tested: *verify*" \
	"OTP-EMPTY without a verify step: not_tested"
like "$(st AUTH-RECOVERY-REUSE "$T/none.json")" "not_tested: *recovery_codes*" \
	"RECOVERY-REUSE without recovery steps: not_tested naming them"
like "$(st AUTH-RECOVERY-WEAK "$T/none.json")" "not_tested: *recovery_codes*" \
	"RECOVERY-WEAK without recovery steps: not_tested naming them"
# the first thing this profile lacks is a `protected` rule that can fail
like "$(st AUTH-SESSION-FIXATION "$T/none.json")" "not_tested: *cannot tell access*" \
	"SESSION-FIXATION with no usable second factor: not_tested"
like "$(st AUTH-OTP-NOT-BOUND "$T/none.json")" "not_tested: *" \
	"OTP-NOT-BOUND with no usable second factor: not_tested"

# the profile extension "session_cookie" names the cookie to judge (a fresh
# lab: the audits above enrolled audit-a, and a new audit cannot know the
# codes they were given)
lab_start a "" || { skip "lab did not restart" 2; done_testing; }
sed '1a\
  "session_cookie": "nope",' "$LAB_PROFILE" >"$T/named-bad.json"
like "$(st AUTH-SESSION-FIXATION "$T/named-bad.json")" "not_tested: *named by the profile*" \
	"SESSION-FIXATION with a session_cookie not in the jar: not_tested"
lab_start a "" && sed "1a\\
  \"session_cookie\": \"sid\"," "$LAB_PROFILE" >"$T/named.json"
like "$(st AUTH-SESSION-FIXATION "$T/named.json")" "pass: *renewed*" \
	"SESSION-FIXATION with session_cookie naming the real cookie: pass"
lab_stop
done_testing
