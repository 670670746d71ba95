#!/bin/sh
# Targets that hit the audit's limits: the message names the limit, and a
# target that answers every request 9 s late ends within limits.max_seconds
# (plus the one request in flight and the clean-up grace) with a complete
# report whose remaining checks say "time budget spent".
. "${0%/*}/../lib.sh"

BAD="$AA_BUILD/tests/tools/badserver"

# bad_start MODE: a misbehaving server; sets BAD_PID, BAD_URL
bad_start() {
	rm -f "$T/port"
	"$BAD" "$1" "$T/port" >/dev/null 2>&1 </dev/null &
	BAD_PID=$!
	i=0
	while [ ! -s "$T/port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	BAD_URL="http://127.0.0.1:$(cat "$T/port" 2>/dev/null)"
	[ -s "$T/port" ]
}

bad_stop() {
	kill "$BAD_PID" 2>/dev/null
	wait "$BAD_PID" 2>/dev/null
}

mkprofile() {
	cat >"$T/p.json" <<EOP
{
  "name": "limits-test",
  "base_url": "$1",
  "limits": {"max_requests": 50, "timeout_ms": 3000},
  "accounts": [{"username": "u1", "password": "limit-pass-1"}],
  "steps": {"login": {"method": "POST", "path": "/login",
                      "json": {"u": "\${username}", "p": "\${password}"}}}
}
EOP
}

# ---- header limits are named, not "out of memory" / "network error"
for m in "bighdr:*headers over the size limit*" \
    "cookies:*more than 1000 header lines*"; do
	mode=${m%%:*}
	want=${m#*:}
	if ! bad_start "$mode"; then
		ok 1 "$mode: server starts"
		continue
	fi
	mkprofile "$BAD_URL"
	"$AUDIT" audit --profile "$T/p.json" --format json --out "$T/r.json" \
		>/dev/null 2>"$T/err"
	is $? 3 "$mode: exit 3"
	like "$(cat "$T/err")" "$want" "$mode: the limit is named"
	like "$(grep -m1 '"summary"' "$T/r.json")" "$want" \
		"$mode: the report names it too"
	bad_stop
done

# ---- the time budget: every answer 9 s late, max_seconds 5
if bad_start slow; then
	sed -e "s|\"http://127\.0\.0\.1:0\"|\"$BAD_URL\"|" \
	    -e 's|"limits": {[^}]*}|"limits": {"max_seconds": 5, "timeout_ms": 12000}|' \
	    "$AA_TESTS/lab/profile-a.json" >"$T/slow.json"
	start=$(date +%s)
	timeout 120 "$AUDIT" audit --profile "$T/slow.json" --format json \
		--out "$T/slow.json.out" --also "tsv=$T/slow.tsv" \
		>/dev/null 2>"$T/slow.err"
	rc=$?
	took=$(( $(date +%s) - start ))
	bad_stop
	is "$rc" 3 "slow target: exit 3 (the run could not finish)"
	like "$(cat "$T/slow.err")" "*time budget is spent*" \
		"slow target: the message says the time budget is spent"
	# max_seconds 5 + one 9 s answer in flight + the 30 s clean-up grace;
	# generous, it only catches a run that ignores its budget.
	[ "$took" -lt 60 ]
	ok $? "slow target: ended after ${took}s (budget 5 s)"
	n=$(wc -l <"$T/slow.tsv")
	[ "$n" -ge 50 ]
	ok $? "slow target: the report lists every check ($n results)"
	left=$(awk -F '\t' '$2 != "not_tested" || $4 !~ /time budget spent/' \
		"$T/slow.tsv" | wc -l)
	is "$left" 0 "slow target: the rest is not_tested, \"time budget spent\""
	grep -q '"grade"' "$T/slow.json.out"
	ok $? "slow target: the json report is complete"
else
	ok 1 "slow: server starts"
fi
done_testing
