#!/bin/sh
# sms-sim estimate: the worked examples, JSON output, policy errors.
. "${0%/*}/../lib.sh"
plan 12
EX="$AA_TESTS/../docs/examples"
run_ok "Twitter-scale example runs" "$AUDIT" sms-sim estimate \
	--policy "$EX/sms-policy-twitter.json"
like "$(cat "$T/out")" "*expected loss \$61495200.00*" \
	"Twitter example: about \$60 M a year"
like "$(cat "$T/out")" "*binding control: attacker_rate*" "no control binds"
like "$(cat "$T/out")" "*largest cut: geo_allowlist*" "largest cut named"
run_ok "hardened example runs" "$AUDIT" sms-sim estimate \
	--policy "$EX/sms-policy-hardened.json" --format json
like "$(cat "$T/out")" '*"loss_usd": 0.0,*' "hardened example: no loss"
like "$(cat "$T/out")" '*"binding": "geo_allowlist"*' "allowlist binds"
cat >"$T/p.json" <<'JSON'
{"controls": {"per_ip": {"limit": 5, "per": "1h"}},
 "attacker": {"rate_per_s": 100, "proxies": 1000,
   "number_blocks": [{"country": "UZ", "numbers": 10000}]}}
JSON
printf 'UZ,0.10\n' >"$T/p.csv"
run_ok "policy with --prices" "$AUDIT" sms-sim estimate --policy "$T/p.json" \
	--prices "$T/p.csv"
like "$(cat "$T/out")" "*3600000 fraudulent sends, expected loss \$360000.00*" \
	"per-IP bound x CSV price"
printf '{"horizon_days": "x"}' >"$T/bad.json"
"$AUDIT" sms-sim estimate --policy "$T/bad.json" >/dev/null 2>"$T/err"
is "$?" 2 "bad policy: exit 2"
like "$(cat "$T/err")" "*/horizon_days*" "names the member"
"$AUDIT" sms-sim estimate --policy "$T/none.json" >/dev/null 2>&1
is "$?" 2 "missing policy file: exit 2"
done_testing
