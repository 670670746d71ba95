#!/bin/sh
# A signal mid-run: the audit stops probing, removes what it enrolled and
# writes a complete report with the rest not_tested ("interrupted"), exit 3
# (130 for SIGINT); `totp scan` and `factors --batch` likewise end with
# their report or lines written.
. "${0%/*}/../lib.sh"

# wait_for FILE PATTERN: until FILE has a line matching PATTERN (20 s).
wait_for() {
	_i=0
	while ! grep -q "$2" "$1" 2>/dev/null && [ $_i -lt 200 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	grep -q "$2" "$1" 2>/dev/null
}

# audit_signal SIG WANT: audit the lab, send SIG once checks are running.
audit_signal() {
	"$AUDIT" audit --profile "$LAB_PROFILE" --format json \
		--out "$T/$1.json" --also "tsv=$T/$1.tsv" 2>"$T/$1.err" &
	pid=$!
	wait_for "$T/$1.err" '\[[0-9]*/[0-9]*\] '
	ok $? "$1: the audit reached its checks"
	kill "-$1" "$pid"
	wait "$pid"
	is $? "$2" "$1 mid-audit: exit $2"
	n=$(wc -l <"$T/$1.tsv" 2>/dev/null)
	[ "${n:-0}" -ge 50 ]
	ok $? "$1 mid-audit: the report lists every check (${n:-0})"
	grep -q 'not_tested.*interrupted' "$T/$1.tsv"
	ok $? "$1 mid-audit: the rest is not_tested, \"interrupted\""
	grep -q '"grade"' "$T/$1.json"
	ok $? "$1 mid-audit: the json report is complete"
	is "$(grep -c '"removed_at_end": true' "$T/$1.json")" 2 \
		"$1 mid-audit: what was enrolled was removed (both accounts)"
}

if lab_start a ""; then
	audit_signal TERM 3
	lab_start a ""
	audit_signal INT 130
	lab_stop
else
	ok 1 "lab starts"
fi

# ---- totp scan: 30 vaults of 8 slow password slots each (about 20 s)
awk 'BEGIN {
	printf "{\"version\": 1, \"header\": {\"slots\": ["
	for (i = 0; i < 8; i++)
		printf "%s{\"type\": 1, \"key\": \"%064d\", \"key_params\": " \
		    "{\"nonce\": \"%024d\", \"tag\": \"%032d\"}, \"n\": 32768, " \
		    "\"r\": 8, \"p\": 1, \"salt\": \"%064d\"}", i ? "," : "", i, \
		    i, i, i
	printf "], \"params\": {\"nonce\": \"%024d\", \"tag\": \"%032d\"}}, " \
	    "\"db\": \"AAAA\"}\n", 0, 0
}' >"$T/vault.json"
mkdir "$T/vaults"
i=0
while [ $i -lt 30 ]; do cp "$T/vault.json" "$T/vaults/v$i.json"; i=$((i + 1)); done
printf 'not the password\n' >"$T/pw"
"$AUDIT" totp scan "$T/vaults" --password-file "$T/pw" --format tsv \
	--out "$T/scan.tsv" 2>"$T/scan.err" &
pid=$!
sleep 1
kill -TERM "$pid"
wait "$pid"
is $? 3 "SIGTERM mid-scan: exit 3"
is "$(wc -l <"$T/scan.tsv" 2>/dev/null)" 5 "SIGTERM mid-scan: report written"
like "$(cat "$T/scan.err")" "*scan interrupted after*" "SIGTERM mid-scan: said"
grep -q 'not_tested.*interrupted' "$T/scan.tsv"
ok $? "SIGTERM mid-scan: what it could not see is not_tested"

# ---- factors --batch against a target that answers 9 s late
rm -f "$T/port"
"$AA_BUILD/tests/tools/badserver" slow "$T/port" >/dev/null 2>&1 </dev/null &
bad=$!
i=0
while [ ! -s "$T/port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
port=$(cat "$T/port")
echo '{}' >"$T/dir.json"
for n in 1 2 3 4 5; do echo "http://127.0.0.1:$port/t$n"; done >"$T/targets"
"$AUDIT" factors --batch "$T/targets" --directory "$T/dir.json" \
	--passkeys "$T/dir.json" --timeout 20000 --concurrency 1 \
	--out "$T/batch.out" 2>"$T/batch.err" &
pid=$!
sleep 1
kill -TERM "$pid"
wait "$pid"
is $? 3 "SIGTERM mid-batch: exit 3"
kill "$bad" 2>/dev/null
wait "$bad" 2>/dev/null
is "$(wc -l <"$T/batch.out" 2>/dev/null)" 5 "SIGTERM mid-batch: one line per target"
is "$(grep -c '"error":"interrupted' "$T/batch.out")" 5 \
	"SIGTERM mid-batch: each unfinished target says interrupted"
! grep -q 'lab-pass' "$T"/TERM.* "$T"/INT.* "$T"/*.err
ok $? "no password in any report or message"
done_testing
