#!/bin/sh
# auth-audit factors --batch: many targets (names mapped to the lab with
# --resolve, never DNS), JSON lines in input order, bad lines reported,
# directory data merged per domain, no network for the directory.
. "${0%/*}/../lib.sh"

cat >"$T/all.json" <<'JSON'
{"d2.lab.test": {"methods": ["sms"]}, "lab.test": {"methods": ["totp"]}}
JSON

lab_start a "DISCOVERY-ROPC" || { ok 1 "lab starts"; done_testing; }
{
	echo "# services of the team"
	echo "d1.lab.test"
	echo ""
	echo "d2.lab.test   # the SMS one"
	echo "http://d3.lab.test:$LAB_PORT/login"
	echo "not a host!"
	i=4
	while [ $i -le 40 ]; do echo "d$i.lab.test"; i=$((i + 1)); done
} >"$T/targets"

"$AUDIT" factors --batch "$T/targets" --directory "$T/all.json" --scheme http \
	--port "$LAB_PORT" --resolve "*:$LAB_PORT:127.0.0.1" --concurrency 8 \
	--delay 0 >"$T/out" 2>"$T/err"
ok $? "batch runs"
is "$(wc -l <"$T/out" | tr -d ' ')" 41 "one JSON line per target (41)"
is "$(sed -n 1p "$T/out" | cut -c1-23)" '{"target":"d1.lab.test"' "input order kept (first)"
is "$(sed -n 41p "$T/out" | cut -c1-24)" '{"target":"d40.lab.test"' "input order kept (last)"
like "$(sed -n 4p "$T/out")" '*"target":"not a host!"*"error":"not a domain or http(s) URL"*' \
	"bad line reported, not probed"
like "$(sed -n 2p "$T/out")" '*"sms":true*' "d2: directory entry merged"
like "$(sed -n 2p "$T/out")" '*"FACTOR-PHONE-ONLY","status":"pass"*' \
	"  ... probed passkey outranks the directory's sms-only listing"
like "$(sed -n 1p "$T/out")" '*"totp":true*2fa.directory lab.test*' \
	"d1: resolved to its listed parent lab.test"
like "$(sed -n 3p "$T/out")" '*"DISCOVERY-ROPC","status":"fail"*' "URL target probed (ROPC found)"
n=$(grep -c '"DISCOVERY-ROPC","status":"fail"' "$T/out")
is "$n" 40 "every valid target probed"
like "$(cat "$T/err")" "*Data sourced from 2FA Directory*" "attribution on stderr"
case $(cat "$T/err") in *"download failed"*) r=1 ;; *) r=0 ;; esac
ok $r "no directory download with --directory"

# without probes: directory only, no network at all
"$AUDIT" factors --batch "$T/targets" --directory "$T/all.json" --no-probe \
	>"$T/np" 2>"$T/err"
like "$(sed -n 2p "$T/np")" '*"DISCOVERY-ROPC","status":"not_tested"*--no-probe*' \
	"--no-probe: discovery not_tested, saying why"
like "$(sed -n 2p "$T/np")" '*"FACTOR-PHONE-ONLY","status":"fail"*' \
	"--no-probe: directory alone says sms only"

# every line names the tool and version, and says whether the target
# could be judged: "error" null, or why not
n=$(grep -c '"error":null,"tool":{"name":"auth-audit","version":"[0-9.]*"}}$' "$T/out")
is "$n" 40 "valid targets: error null and the tool version"
like "$(sed -n 4p "$T/out")" '*"tool":{"name":"auth-audit","version":"*' \
	"a bad line names the tool too"
echo "d1.lab.test" >"$T/one"
"$AUDIT" factors --batch "$T/one" --directory "$T/all.json" --scheme http \
	--port 1 --resolve "*:1:127.0.0.1" --delay 0 >"$T/un" 2>/dev/null
like "$(cat "$T/un")" '*"error":"unreachable: no probe got an HTTP answer"*' \
	"an unreachable target: error says so"

run_fails "missing batch file" "$AUDIT" factors --batch "$T/nope" --directory "$T/all.json"
run_fails "--batch and a target together" "$AUDIT" factors x.example --batch "$T/targets"
done_testing
