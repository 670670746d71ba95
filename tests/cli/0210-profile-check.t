#!/bin/sh
# `auth-audit profile check`: the baseline of the lab, step by step, and
# the checks an audit would run; nothing probed, everything enrolled
# removed again (a real audit afterwards enrols from scratch).
. "${0%/*}/../lib.sh"

plan 12
lab_start b "" || { skip "lab did not start" 12; done_testing; }
"$AUDIT" profile check "$LAB_PROFILE" --device soft:"$T/key.state" \
	>"$T/out" 2>"$T/err"
is $? 0 "profile check on the lab: exit 0"
like "$(cat "$T/out")" "*login*POST*/account/signin -> 200 accepted*" \
	"  ... prints each request with its status"
like "$(cat "$T/out")" "*extracted user_id = u1001*" "  ... and what it extracted"
like "$(cat "$T/out")" "*second factor is required*" "  ... and the baseline's conclusions"
like "$(cat "$T/out")" "*runs      AUTH-2FA-SKIP*" "  ... and which checks run"
like "$(cat "$T/out")" "*not_tested SMS-*" "  ... and which would not"
like "$(cat "$T/out")" "*clean-up: totp removed*" "  ... and removes what it enrolled"
! grep -q 'totp_verify.*accepted' "$T/out"
ok $? "  ... without probing"

"$AUDIT" profile check "$LAB_PROFILE" --format json --out "$T/pc.json" \
	--only 'AUTH-*' 2>"$T/err"
is $? 0 "json: exit 0"
grep -q '"will_run"' "$T/pc.json" && grep -q '"baseline"' "$T/pc.json"
ok $? "  ... with the plan and the baseline"
! grep -q 'lab-pass-b\|lab-pass-a' "$T/out" "$T/pc.json" "$T/err"
ok $? "no password in the output"

# a profile whose protected rule accepts anything is named as such
sed 's|"path": "/account/profile",|"path": "/account/profile", "x-note": 1,|; s|"ok": {"status": \[200\], "json": {"/status": "success"}}|"ok": {"status": [200, 403]}|' \
	"$LAB_PROFILE" >"$T/loose.json"
"$AUDIT" profile check "$T/loose.json" --only AUTH-2FA-SKIP >"$T/out2" 2>&1
like "$(cat "$T/out2")" "*cannot tell access*" "a protected rule that accepts anything is reported"
done_testing
