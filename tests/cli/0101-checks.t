#!/bin/sh
# `auth-audit checks` lists the whole catalog, filters by module, speaks
# JSON, and refuses unknown modules and formats with exit status 2.
. "${0%/*}/../lib.sh"

plan 9
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
done_testing
