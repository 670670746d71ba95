#!/bin/sh
# sms-sim estimate: the worked examples, JSON output, policy errors,
# before/after per month with the budget figure, the HTML page.
. "${0%/*}/../lib.sh"
plan 35
EX="$AA_TESTS/../docs/examples"
run_ok "Twitter-scale example runs" "$AUDIT" sms-sim estimate \
	--policy "$EX/sms-policy-twitter.json" --per horizon
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
	--prices "$T/p.csv" --per horizon
like "$(cat "$T/out")" "*3600000 fraudulent sends, expected loss \$360000.00*" \
	"per-IP bound x CSV price"
printf '{"horizon_days": "x"}' >"$T/bad.json"
"$AUDIT" sms-sim estimate --policy "$T/bad.json" >/dev/null 2>"$T/err"
is "$?" 2 "bad policy: exit 2"
like "$(cat "$T/err")" "*/horizon_days*" "names the member"
"$AUDIT" sms-sim estimate --policy "$T/none.json" >/dev/null 2>&1
is "$?" 2 "missing policy file: exit 2"

# Per month by default, before and after in one run, the budget figure.
run_ok "default run" "$AUDIT" sms-sim estimate --policy "$EX/sms-policy-hardened.json"
like "$(sed -n 2p "$T/out")" "per month (30.4 days*" "per month by default"
like "$(cat "$T/out")" "*no controls*your controls*" "before and after side by side"
like "$(grep '^expected loss USD' "$T/out")" "expected loss USD *[1-9][0-9.]* *0.00" \
	"no controls lose money, the hardened controls none"
like "$(cat "$T/out")" "*your controls save \$*per month (100% of the loss without them)*" \
	"the saving"
like "$(cat "$T/out")" "*budget: \$0 per month, the p95 with your controls*" \
	"says which figure to budget"
like "$(cat "$T/out")" "*expected (\$0.00): *do not budget it.*mean (\$0)*" \
	"... and why not the expected or the mean"
"$AUDIT" sms-sim estimate --policy "$EX/sms-policy-twitter.json" --format json \
	>"$T/tw.json" 2>"$T/err"
python3 - "$T/tw.json" >"$T/py.out" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["per"] == "month" and abs(d["period_days"] - 30.42) < 0.01, d["per"]
assert d["no_controls"]["loss_usd"] >= d["loss_usd"] > 0
assert d["budget"]["figure"] == "p95"
assert d["budget"]["usd"] == d["range"]["p95_usd"] > d["loss_usd"]
# A month is a twelfth of the 365-day example's $61.5 M.
assert abs(d["loss_usd"] * 12 - 61495200) < 1, d["loss_usd"]
PY
ok $? "json: per month, no_controls, budget = p95" || sed 's/^/# /' "$T/py.out"
run_ok "per year" "$AUDIT" sms-sim estimate --policy "$EX/sms-policy-twitter.json" \
	--per year
like "$(cat "$T/out")" "*over 365 days: *expected loss \$61495200.00*" \
	"--per year: the 365-day figure"
"$AUDIT" sms-sim estimate --policy "$EX/sms-policy-twitter.json" --per week \
	>/dev/null 2>"$T/err"
is "$?" 2 "--per week: exit 2"

# The HTML page: one file, a chart, no scripts.
"$AUDIT" sms-sim estimate --policy "$EX/sms-policy-hardened.json" --format html \
	>"$T/e.html" 2>"$T/err"
ok $? "html estimate written"
grep -q '<svg role="img"' "$T/e.html" &&
	grep -q '<title>SMS-pumping loss per month without and with the controls</title>' "$T/e.html"
ok $? "html: inline SVG chart of before and after"
grep -qiE '<script|src=|href=' "$T/e.html"
[ $? -ne 0 ]
ok $? "html: no scripts, nothing loaded"
grep -q 'Budget \$0 per month' "$T/e.html"
ok $? "html: the budget figure"

# Typos are errors, with the member meant.
bad() { # json want-in-message name
	printf '%s' "$1" >"$T/typo.json"
	"$AUDIT" sms-sim estimate --policy "$T/typo.json" >/dev/null 2>"$T/err"
	rc=$?
	[ "$rc" = 2 ] && case $(cat "$T/err") in *"$2"*) true ;; *) false ;; esac
	ok $? "$3" || { diag "exit $rc"; sed 's/^/# /' "$T/err"; }
}
bad '{"contorls": {}}' '/: unknown member "contorls" (did you mean "controls"?)' \
	"unknown root member: exit 2, did you mean"
bad '{"controls": {"per_numbr": {"limit": 3, "per": "10m"}}}' \
	'/controls: unknown member "per_numbr" (did you mean "per_number"?)' \
	"unknown control"
bad '{"controls": {"per_ip": {"limit": 3, "pre": "1h"}}}' \
	'/controls/per_ip: unknown member "pre" (did you mean "per"?)' \
	"unknown member of a cap"
bad '{"attacker": {"number_blocks": [{"country": "XX"}]}}' \
	'/attacker/number_blocks/0/country: unknown country "XX"' "unknown country"
bad '{"served_countries": ["US", "UK"]}' \
	'/served_countries/1: unknown country "UK" (did you mean "GB"?)' \
	"UK is GB"
bad '{"prices": {"XX": 0.1}}' '/prices/XX: unknown country "XX"' \
	"unknown country in prices"
bad '{"attacker": {"rate_pre_s": 1}}' \
	'/attacker: unknown member "rate_pre_s" (did you mean "rate_per_s"?)' \
	"unknown attacker member"
printf '{"comment": "notes are free", "_by": "me", "served_countries": ["CA"]}' >"$T/ok.json"
run_ok "notes and a country sharing a calling code are fine" \
	"$AUDIT" sms-sim estimate --policy "$T/ok.json"
done_testing
