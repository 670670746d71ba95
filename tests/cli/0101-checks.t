#!/bin/sh
# `auth-audit checks` lists the whole catalog, filters by module, severity
# and tag, shows what each check needs with --verbose, speaks JSON, and
# refuses unknown modules, formats, severities and tags with exit status 2.
. "${0%/*}/../lib.sh"

run_ok "checks runs" "$AUDIT" checks
is "$(grep -c '^[A-Z][A-Z0-9-]* ' "$T/out")" 62 "61 checks and a header"
like "$(cat "$T/out")" "*TOTP-REPLAY*totp*high*M4*CWE-294*" "row format"
run_ok "json" "$AUDIT" checks --format json
is "$(grep -c '"id":' "$T/out")" 61 "json lists every check"
run_ok "module filter" "$AUDIT" checks --module fido --format json
is "$(grep -c '"id": "FIDO-' "$T/out")" 20 "only fido checks, all of them"
"$AUDIT" checks --module nosuch >/dev/null 2>&1
is $? 2 "unknown module: exit 2"
"$AUDIT" checks --format yaml >/dev/null 2>&1
is $? 2 "unknown format: exit 2"

# ---- --severity S: S and above
ids() { "$AUDIT" checks --format json "$@" | sed -n 's/^ *"id": "\(.*\)",$/\1/p'; }
sev_of() { "$AUDIT" checks --format json "$@" | sed -n 's/^ *"severity": "\(.*\)",$/\1/p' | sort -u | tr '\n' ' '; }
is "$(sev_of --severity high)" "critical high " "--severity high: high and critical only"
is "$(ids --severity info | wc -l)" 61 "--severity info: every check"
n_crit=$(ids --severity critical | wc -l)
n_high=$(ids --severity high | wc -l)
[ "$n_crit" -gt 0 ] && [ "$n_high" -gt "$n_crit" ]
ok $? "--severity high lists more than critical ($n_high > $n_crit)"
"$AUDIT" checks --severity severe >/dev/null 2>&1
is $? 2 "unknown severity: exit 2"

# ---- --tag T (repeatable: every tag)
is "$(ids --tag fido | grep -vc '^FIDO-')" 0 "--tag MODULE: that module only"
is "$(ids --tag fido | wc -l)" 20 "--tag fido: all 20"
is "$("$AUDIT" checks --tag softkey | grep -c '\[software key\]')" \
	"$(ids --tag softkey | wc -l)" "--tag softkey: only checks flagged softkey"
[ "$(ids --tag softkey | wc -l)" -gt 0 ]
ok $? "--tag softkey: some checks"
is "$(ids --tag M6 --format json | wc -l)" \
	"$("$AUDIT" checks --format json | grep -c '"owasp2016": "[M4,]*M6"')" \
	"--tag M6: the checks mapped to M6"
is "$(ids --tag privacy)" "$("$AUDIT" checks --format json | grep -B8 '"privacy"' |
	sed -n 's/^ *"id": "\(.*\)",$/\1/p')" "--tag privacy: the privacy-scored checks"
"$AUDIT" checks --tag cwe-294 | sed 1d >"$T/cwe"
is "$(awk '$5 != "CWE-294"' "$T/cwe" | wc -l)" 0 "--tag cwe-294 (any case): CWE-294 only"
like "$(cat "$T/cwe")" "*TOTP-REPLAY*" "--tag cwe-294: TOTP-REPLAY among them"
is "$(ids --tag lock --tag totp | tr '\n' ' ')" \
	"$(ids --tag totp --tag lock | tr '\n' ' ')" "two tags: order does not matter"
[ "$(ids --tag lock --tag totp | wc -l)" -lt "$(ids --tag lock | wc -l)" ]
ok $? "two tags: every one must hold"
is "$(ids --severity critical --tag auth --module auth | grep -vc '^AUTH-')" 0 \
	"--severity, --tag and --module together"
"$AUDIT" checks --tag nosuchtag >/dev/null 2>&1
is $? 2 "unknown tag: exit 2"

# ---- --verbose: phase, needs and steps of every check (checks.def)
run_ok "--verbose" "$AUDIT" checks --verbose
is "$(grep -c '^    phase: ' "$T/out")" 61 "--verbose: a detail line under every check"
grep -A1 '^TOTP-REPLAY ' "$T/out" | tail -1 >"$T/line"
like "$(cat "$T/line")" "    phase: *; needs: *totp*; steps: *" "--verbose: TOTP-REPLAY's phase, needs, steps"
! grep -q '?' "$T/out"
ok $? "--verbose: every phase and need has a name"
like "$(grep -A1 '^AUTH-2FA-SKIP ' "$T/out" | tail -1)" "*needs: 2fa; steps: login protected*" \
	"--verbose: AUTH-2FA-SKIP needs 2fa and the login and protected steps"
run_ok "-v" "$AUDIT" checks -v --module factors
is "$(grep -c '^    phase: ' "$T/out")" "$(ids --module factors | wc -l)" "-v with a filter"
"$AUDIT" checks --format json >"$T/j"
is "$(grep -c '"phase": ' "$T/j")" 61 "json: phase of every check"
is "$(grep -c '"needs": ' "$T/j")" 61 "json: needs of every check"
done_testing
