#!/bin/sh
# auth-audit factors with a generated 2fa.directory / passkeys fixture (no
# network: --no-probe): each FACTOR-* check fails and passes on the right
# entries; additional domains, subdomains, unknown methods, a missing and a
# corrupt directory file, and the attribution.
. "${0%/*}/../lib.sh"

# API v4 shape, written by the test itself.
cat >"$T/all.json" <<'JSON'
{
 "none.example": {},
 "phone.example": {"methods": ["sms", "call", "email"]},
 "sms-only.example": {"methods": ["sms"]},
 "totp.example": {"methods": ["totp"]},
 "fallback.example": {"methods": ["sms", "totp", "u2f"]},
 "strong.example": {"methods": ["totp", "u2f", "custom-software"],
                    "custom-software": ["Duo"]},
 "hw.example": {"methods": ["email", "custom-hardware"],
                "custom-hardware": ["Yubico OTP"]},
 "odd.example": {"methods": ["totp", "telepathy"]},
 "brand.example": {"methods": ["totp", "u2f"]},
 "brand-cdn.example": {"methods": ["totp", "u2f"]}
}
JSON
cat >"$T/passkeys.json" <<'JSON'
{
 "totp.example": {"passwordless": "allowed"},
 "brand.example": {"mfa": "allowed"}
}
JSON

# st DOMAIN ID: status of ID for DOMAIN (text output), whole output in $T/out
st() {
	"$AUDIT" factors "$1" --directory "$T/all.json" --passkeys "$T/passkeys.json" \
		--no-probe --fail-on none >"$T/out" 2>"$T/err"
	awk -v id="$2" '$2 == id { print $1; exit }' "$T/out"
}

is "$(st none.example FACTOR-NONE)" fail "FACTOR-NONE: {} entry (no 2FA) fails"
is "$(st totp.example FACTOR-NONE)" pass "FACTOR-NONE: TOTP site passes"
is "$(st phone.example FACTOR-PHONE-ONLY)" fail "FACTOR-PHONE-ONLY: sms/call/email only fails"
is "$(st sms-only.example FACTOR-PHONE-ONLY)" fail "FACTOR-PHONE-ONLY: sms only fails"
is "$(st fallback.example FACTOR-PHONE-ONLY)" pass "FACTOR-PHONE-ONLY: sms+totp+u2f passes"
is "$(st hw.example FACTOR-PHONE-ONLY)" pass "FACTOR-PHONE-ONLY: e-mail + hardware token passes"
is "$(st totp.example FACTOR-NO-PHISHING-RESISTANT)" pass \
	"FACTOR-NO-PHISHING-RESISTANT: passkeys directory passwordless passes"
is "$(st phone.example FACTOR-NO-PHISHING-RESISTANT)" fail \
	"FACTOR-NO-PHISHING-RESISTANT: phone factors only fails"
is "$(st strong.example FACTOR-NO-PHISHING-RESISTANT)" pass \
	"FACTOR-NO-PHISHING-RESISTANT: u2f passes"
is "$(st fallback.example FACTOR-SMS-FALLBACK)" fail "FACTOR-SMS-FALLBACK: sms next to u2f fails"
is "$(st strong.example FACTOR-SMS-FALLBACK)" pass "FACTOR-SMS-FALLBACK: no sms passes"
is "$(st sms-only.example FACTOR-SMS-FALLBACK)" not_applicable \
	"FACTOR-SMS-FALLBACK: sms as the only factor is not a fallback"
is "$(st totp.example DISCOVERY-ROPC)" not_tested "DISCOVERY-ROPC: --no-probe is not_tested"
like "$(grep DISCOVERY-ROPC "$T/out")" "*--no-probe*" "  ... saying why"

# resolution as the directory does it
st login.eu.fallback.example FACTOR-NONE >/dev/null
like "$(cat "$T/out")" "*2fa.directory fallback.example*" "subdomain resolves to the listed parent"
st www.brand-cdn.example FACTOR-NONE >/dev/null
like "$(cat "$T/out")" "*2fa.directory brand-cdn.example*" "additional domain (own key) resolves"
is "$(st unknown.example FACTOR-NONE)" not_tested "unlisted domain: not_tested"
like "$(grep 'SMS ' "$T/out")" "*unknown*" "  ... factors unknown, not 'no'"
is "$(st https://Login.Strong.Example/path FACTOR-NONE)" pass "URL target uses its host"

# unknown method: ignored as a factor, reported
"$AUDIT" factors odd.example --directory "$T/all.json" --no-probe --format json \
	--fail-on none >"$T/odd.json" 2>"$T/err"
like "$(cat "$T/odd.json")" '*"unknown_methods": "telepathy"*' "unknown method reported in JSON"
like "$(cat "$T/odd.json")" '*"totp": true*' "  ... known method still counted"

# attribution whenever directory data is used, and only then
st totp.example FACTOR-NONE >/dev/null
like "$(cat "$T/out")" "*Data sourced from 2FA Directory by 2factorauth*" "MIT attribution printed"
like "$(cat "$T/odd.json")" '*"attribution"*Data sourced from 2FA Directory*' "  ... also in JSON"
"$AUDIT" factors http://127.0.0.1:9/ --directory "$T/all.json" --offline >"$T/out" 2>&1
case $(cat "$T/out") in *"Data sourced"*) r=1 ;; *) r=0 ;; esac
ok $r "loopback target: no directory lookup, no attribution"
like "$(cat "$T/out")" "*no public domain*" "  ... explained"

# markdown
"$AUDIT" factors fallback.example --directory "$T/all.json" --no-probe --format md \
	--fail-on none >"$T/out" 2>&1
like "$(cat "$T/out")" "*| SMS | yes | 2fa.directory fallback.example |*" "md factor table"

# exit status: --fail-on
"$AUDIT" factors none.example --directory "$T/all.json" --no-probe >/dev/null 2>&1
is $? 1 "FACTOR-NONE (critical) fails the default --fail-on low: exit 1"
"$AUDIT" factors fallback.example --directory "$T/all.json" --no-probe --fail-on high >/dev/null 2>&1
is $? 0 "a low finding under --fail-on high: exit 0"
"$AUDIT" factors fallback.example --directory "$T/all.json" --no-probe >/dev/null 2>&1
is $? 1 "a low finding under the default --fail-on low: exit 1"

# missing and corrupt directory files
run_fails "missing --directory file" "$AUDIT" factors a.example --directory "$T/nope.json" --no-probe
like "$(cat "$T/err")" "*nope.json*" "  ... names the file"
"$AUDIT" factors a.example --directory "$T/nope.json" --no-probe >/dev/null 2>&1
is $? 2 "  ... exit 2"
printf '{"a.example": {"methods": ["sms"' >"$T/corrupt.json"
run_fails "corrupt --directory file" "$AUDIT" factors a.example --directory "$T/corrupt.json" --no-probe
like "$(cat "$T/err")" "*corrupt.json*line*" "  ... says where"
printf '{"a.example": {"methods": "sms"}}' >"$T/typed.json"
run_fails "wrong-typed entry" "$AUDIT" factors a.example --directory "$T/typed.json" --no-probe
like "$(cat "$T/err")" "*/a.example/methods*" "  ... names the member"
done_testing
