#!/bin/sh
# Profiles and targets that go wrong: a clear message, the documented exit
# status, a report whenever the run started, and no hang past the timeouts.
. "${0%/*}/../lib.sh"

BAD="$AA_BUILD/tests/tools/badserver"

# profile URL [extra top-level members]
mkprofile() {
	cat >"$T/p.json" <<EOP
{
  "name": "err-test",
  "base_url": "$1",
  "limits": {"max_requests": 50, "max_rps": 50, "timeout_ms": 1500},
  "accounts": [{"username": "u1", "password": "secret-pass-1"},
               {"username": "u2", "password": "secret-pass-2"}],
  "steps": {"login": {"method": "POST", "path": "/login",
                      "json": {"u": "\${username}", "p": "\${password}"}}}
}
EOP
}

# ---- malformed profiles: exit 2, message names the file and the JSON path
printf '{"name": "x", "base_url": ' >"$T/trunc.json"
"$AUDIT" audit --profile "$T/trunc.json" >/dev/null 2>"$T/err"
is $? 2 "truncated JSON: exit 2"
like "$(cat "$T/err")" "*trunc.json*" "truncated JSON: message names the file"

mkprofile "http://127.0.0.1:1"
sed 's/"max_requests": 50/"max_requests": "many"/' "$T/p.json" >"$T/badtype.json"
"$AUDIT" audit --profile "$T/badtype.json" >/dev/null 2>"$T/err"
is $? 2 "wrong type: exit 2"
like "$(cat "$T/err")" "*badtype.json*/limits/max_requests*" "wrong type: message has the JSON path"

sed 's|"path": "/login"|"path": "/login", "extract": {"x": "xpath:/a"}|' "$T/p.json" >"$T/badext.json"
"$AUDIT" audit --profile "$T/badext.json" >/dev/null 2>"$T/err"
is $? 2 "bad extract spec: exit 2"
like "$(cat "$T/err")" "*/steps/login/extract/x*" "bad extract spec: path named"

"$AUDIT" audit --profile "$T/missing.json" >/dev/null 2>"$T/err"
is $? 2 "missing profile file: exit 2"
like "$(cat "$T/err")" "*missing.json*" "missing file is named"

head -c 2000000 /dev/zero | tr '\0' ' ' >"$T/big.json"
"$AUDIT" audit --profile "$T/big.json" >/dev/null 2>"$T/err"
is $? 2 "2 MB profile: exit 2 (size cap)"

# ---- a non-loopback target needs --authorized-target
mkprofile "http://192.0.2.1:8080"
"$AUDIT" audit --profile "$T/p.json" >/dev/null 2>"$T/err"
is $? 2 "non-loopback target refused: exit 2"
like "$(cat "$T/err")" "*--authorized-target*" "refusal says how to authorize"

# ---- unreachable target: exit 3, report still written
mkprofile "http://127.0.0.1:1"
"$AUDIT" audit --profile "$T/p.json" --format json --out "$T/r.json" >/dev/null 2>"$T/err"
is $? 3 "unreachable target: exit 3"
like "$(cat "$T/err")" "*could not finish*" "unreachable: message"
grep -q '"not_tested"' "$T/r.json"
ok $? "unreachable: report written with not_tested results"
! grep -q 'secret-pass' "$T/r.json" "$T/err"
ok $? "unreachable: no password in report or stderr"

# ---- misbehaving servers
for mode in garbage close hang huge; do
	rm -f "$T/port"
	# no inherited stdout: a lingering child must not hold the TAP pipe
	"$BAD" "$mode" "$T/port" >/dev/null 2>&1 </dev/null &
	bad_pid=$!
	i=0
	while [ ! -s "$T/port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	[ -s "$T/port" ]
	ok $? "$mode: misbehaving server started" || continue
	mkprofile "http://127.0.0.1:$(cat "$T/port")"
	start=$(date +%s)
	"$AUDIT" audit --profile "$T/p.json" --format json --out "$T/r-$mode.json" >/dev/null 2>"$T/err"
	rc=$?
	took=$(( $(date +%s) - start ))
	kill "$bad_pid" 2>/dev/null
	wait "$bad_pid" 2>/dev/null
	is "$rc" 3 "$mode: exit 3"
	like "$(cat "$T/err")" "*could not finish*" "$mode: clear message"
	[ -s "$T/r-$mode.json" ]
	ok $? "$mode: report written"
	# generous bound: only catches a real hang, never a slow machine
	[ "$took" -lt 30 ]
	ok $? "$mode: finished in ${took}s (timeout 1.5 s)"
done
done_testing
